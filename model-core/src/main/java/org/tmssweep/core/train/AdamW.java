package org.tmssweep.core.train;

import java.nio.FloatBuffer;
import org.tmssweep.core.config.TrainConfig;

/**
 * AdamW with torch.optim.AdamW semantics (the notebook's optimiser): at 1-based step t with learning
 * rate lr_t,
 * <pre>
 *   p &larr; p (1 - lr_t wd)                       decoupled weight decay, on W and b alike
 *   m &larr; beta1 m + (1 - beta1) g
 *   v &larr; beta2 v + (1 - beta2) g^2
 *   p &larr; p - (lr_t / (1 - beta1^t)) m / (sqrt(v) / sqrt(1 - beta2^t) + eps)
 * </pre>
 * The arithmetic is double; parameters are stored as float32 and the moments as double. Stateless
 * apart from its hyper-parameters: the caller owns parameter, gradient and moment arrays, and updates
 * any contiguous segment (e.g. one instance of a pack) independently of the others.
 */
public final class AdamW {
    private final double weightDecay;
    private final double beta1;
    private final double beta2;
    private final double eps;

    public AdamW(double weightDecay, double beta1, double beta2, double eps) {
        this.weightDecay = weightDecay;
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.eps = eps;
    }

    public static AdamW of(TrainConfig c) {
        return new AdamW(c.weightDecay(), c.beta1(), c.beta2(), c.eps());
    }

    /** Per-step constants of one update; compute once per step and share across segments. */
    public record StepConstants(double decay, double stepSize, double sqrtBias2) {
    }

    /** Constants of 1-based step {@code t} with learning rate {@code lrT}. */
    public StepConstants constants(int t, double lrT) {
        double bias1 = 1 - StrictMath.pow(beta1, t);
        double bias2 = 1 - StrictMath.pow(beta2, t);
        return new StepConstants(1 - lrT * weightDecay, lrT / bias1, Math.sqrt(bias2));
    }

    /** Updates {@code param[pOff..pOff+len)} from {@code grad[gOff..)}, moments at {@code sOff}. */
    public void update(StepConstants c, float[] param, int pOff, float[] grad, int gOff,
                       double[] m, double[] v, int sOff, int len) {
        for (int j = 0; j < len; j++) {
            param[pOff + j] = step(c, param[pOff + j], grad[gOff + j], m, v, sOff + j);
        }
    }

    /** Same for parameters and gradients held in (off-heap) float buffers, absolute indices. */
    public void update(StepConstants c, FloatBuffer param, int pOff, FloatBuffer grad, int gOff,
                       double[] m, double[] v, int sOff, int len) {
        for (int j = 0; j < len; j++) {
            param.put(pOff + j, step(c, param.get(pOff + j), grad.get(gOff + j), m, v, sOff + j));
        }
    }

    private float step(StepConstants c, float p, float gf, double[] m, double[] v, int s) {
        double g = gf;
        double mj = beta1 * m[s] + (1 - beta1) * g;
        double vj = beta2 * v[s] + (1 - beta2) * g * g;
        m[s] = mj;
        v[s] = vj;
        double decayed = p * c.decay();
        return (float) (decayed - c.stepSize() * mj / (Math.sqrt(vj) / c.sqrtBias2() + eps));
    }
}
