package org.tmssweep.core.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.tmssweep.core.Tolerances.HAND_7_DECIMALS;
import static org.tmssweep.core.Tolerances.HAND_8_DECIMALS;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import org.junit.jupiter.api.Test;

/**
 * AdamW against a two-step example worked by hand from torch.optim.AdamW's update rule
 * (lr 0.1, wd 0.01, beta 0.9/0.999, eps 1e-8).
 */
class AdamWTest {
    private static final double FLOAT_REL = 1e-6;

    /*
     * Parameter p0 = 1.0, gradients g1 = 0.5, g2 = -0.25.
     * Step 1: p = 1.0 * (1 - 0.1*0.01) = 0.999
     *         m = 0.1*0.5 = 0.05;  v = 0.001*0.25 = 2.5e-4
     *         m_hat = 0.05/0.1 = 0.5;  v_hat = 2.5e-4/0.001 = 0.25;  sqrt = 0.5
     *         p = 0.999 - 0.1 * 0.5/(0.5 + 1e-8) = 0.899 + 2e-9 (exactly 0.999 - 0.1/(1 + 2e-8))
     * Step 2: p = p1 * 0.999
     *         m = 0.9*0.05 + 0.1*(-0.25) = 0.02;  v = 0.999*2.5e-4 + 0.001*0.0625 = 3.1225e-4
     *         m_hat = 0.02/0.19;  v_hat = 3.1225e-4/0.001999
     *         p = p1*0.999 - 0.1 * m_hat/(sqrt(v_hat) + 1e-8)
     *           = 0.898101 - 0.1 * 0.1052632/0.3952249 = 0.898101 - 0.0266337 = 0.8714673
     */
    @Test
    void twoStepsMatchTheHandComputation() {
        double p1 = 0.999 - 0.1 * 0.5 / (0.5 + 1e-8);
        double mHat = 0.02 / 0.19;
        double vHat = 3.1225e-4 / 0.001999;
        double p2 = p1 * 0.999 - 0.1 * mHat / (Math.sqrt(vHat) + 1e-8);
        assertEquals(0.899, p1, HAND_8_DECIMALS); // sanity of the hand numbers
        assertEquals(0.8714673, p2, HAND_7_DECIMALS);

        AdamW adam = new AdamW(0.01, 0.9, 0.999, 1e-8);
        float[] p = {1.0f, 1.0f};
        float[] g = {0.5f, 0f};
        double[] m = new double[2];
        double[] v = new double[2];
        adam.update(adam.constants(1, 0.1), p, 0, g, 0, m, v, 0, 1);
        assertEquals(p1, p[0], FLOAT_REL * Math.abs(p1));
        assertEquals(1.0f, p[1]); // untouched outside the segment
        g[0] = -0.25f;
        adam.update(adam.constants(2, 0.1), p, 0, g, 0, m, v, 0, 1);
        assertEquals(p2, p[0], FLOAT_REL * Math.abs(p2));
    }

    @Test
    void bufferAndArrayVariantsAgree() {
        AdamW adam = new AdamW(0.01, 0.9, 0.999, 1e-8);
        FloatBuffer pb = ByteBuffer.allocateDirect(12).order(ByteOrder.nativeOrder()).asFloatBuffer();
        FloatBuffer gb = ByteBuffer.allocateDirect(12).order(ByteOrder.nativeOrder()).asFloatBuffer();
        float[] pa = {0.3f, -0.7f, 2f};
        float[] ga = {0.1f, -0.2f, 0f};
        pb.put(0, pa);
        gb.put(0, ga);
        double[] ma = new double[3];
        double[] va = new double[3];
        double[] mb = new double[3];
        double[] vb = new double[3];
        for (int t = 1; t <= 3; t++) {
            AdamW.StepConstants c = adam.constants(t, 1e-2);
            adam.update(c, pa, 0, ga, 0, ma, va, 0, 3);
            adam.update(c, pb, 0, gb, 0, mb, vb, 0, 3);
        }
        for (int j = 0; j < 3; j++) {
            assertEquals(pa[j], pb.get(j));
        }
    }

    /**
     * The vectorisable update gives, bit for bit, the element-by-element formula it replaced (the
     * reference below), on segments at offsets, over many steps, with gradients spanning magnitudes.
     */
    @Test
    void updateIsBitIdenticalToTheElementwiseFormula() {
        double b1 = 0.9;
        double b2 = 0.999;
        double eps = 1e-8;
        AdamW adam = new AdamW(0.01, b1, b2, eps);
        int len = 1037;
        int off = 5;
        java.util.SplittableRandom r = new java.util.SplittableRandom(7);
        float[] p = new float[len + off];
        float[] g = new float[len + off];
        for (int j = 0; j < p.length; j++) {
            p[j] = (float) r.nextGaussian();
        }
        float[] ref = p.clone();
        double[] m = new double[len + off];
        double[] v = new double[len + off];
        double[] mr = new double[len + off];
        double[] vr = new double[len + off];
        FloatBuffer pb = ByteBuffer.allocateDirect(4 * p.length).order(ByteOrder.nativeOrder()).asFloatBuffer();
        FloatBuffer gb = ByteBuffer.allocateDirect(4 * p.length).order(ByteOrder.nativeOrder()).asFloatBuffer();
        pb.put(0, p);
        double[] mb = new double[len + off];
        double[] vb = new double[len + off];
        for (int t = 1; t <= 50; t++) {
            for (int j = 0; j < g.length; j++) {
                g[j] = (float) (r.nextGaussian() * Math.pow(10, -r.nextInt(12)));
            }
            gb.put(0, g);
            AdamW.StepConstants c = adam.constants(t, 1e-3);
            adam.update(c, p, off, g, off, m, v, off, len);
            adam.update(c, pb, off, gb, off, mb, vb, off, len);
            for (int j = off; j < off + len; j++) {
                double gj = g[j];
                mr[j] = b1 * mr[j] + (1 - b1) * gj;
                vr[j] = b2 * vr[j] + (1 - b2) * gj * gj;
                double decayed = ref[j] * c.decay();
                ref[j] = (float) (decayed - c.stepSize() * mr[j] / (Math.sqrt(vr[j]) / c.sqrtBias2() + eps));
            }
        }
        for (int j = 0; j < p.length; j++) {
            assertEquals(Float.floatToRawIntBits(ref[j]), Float.floatToRawIntBits(p[j]), "p[" + j + "]");
            assertEquals(Float.floatToRawIntBits(ref[j]), Float.floatToRawIntBits(pb.get(j)), "buffer p[" + j + "]");
            assertEquals(Double.doubleToRawLongBits(mr[j]), Double.doubleToRawLongBits(m[j]), "m[" + j + "]");
            assertEquals(Double.doubleToRawLongBits(vr[j]), Double.doubleToRawLongBits(vb[j]), "v[" + j + "]");
        }
    }

    @Test
    void zeroGradientOnlyDecays() {
        AdamW adam = new AdamW(0.5, 0.9, 0.999, 1e-8);
        float[] p = {2f};
        adam.update(adam.constants(1, 0.1), p, 0, new float[] {0f}, 0, new double[1], new double[1], 0, 1);
        assertEquals(2 * (1 - 0.1 * 0.5), p[0], FLOAT_REL);
    }
}
