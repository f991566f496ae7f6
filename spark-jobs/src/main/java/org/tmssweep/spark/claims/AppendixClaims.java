package org.tmssweep.spark.claims;

import static org.tmssweep.spark.claims.Claim.claim;
import static org.tmssweep.spark.claims.Judges.fmt;

import java.util.ArrayList;
import java.util.List;
import org.tmssweep.core.analysis.CompressedSensingBound;
import org.tmssweep.core.analysis.NonlinearCompression;

/** Rows 21-22: the appendices, checked through their computations (model-core). */
final class AppendixClaims {
    private AppendixClaims() {
    }

    /** Midpoint-rule grid of the compression integrals. */
    static final int GRID = 600;

    static List<Claim> all() {
        List<Claim> c = new ArrayList<>();
        c.add(claim("r21.nonlinear-beats-linear", 21)
                .says("Two dense values packed into one number with a nonlinear code beat any linear compression,"
                        + " already with Z = 3 bins and smoothed (continuous) steps.")
                .paper("nonlinear (Z = 3, smoothed eps = 0.1) MSE below the best linear 2 -> 1 MSE, 1/12")
                .source("appendix \"Nonlinear compression\"")
                .computed("NonlinearCompression: MSE over the unit square (midpoint rule, " + GRID + "^2 points) of the exact"
                        + " and the smoothed Z = 3 codes, and of the best linear code", () -> List.of(Rec.of(
                                "linear", NonlinearCompression.linearOptimumMse(GRID),
                                "exact", NonlinearCompression.exact(3).mse(GRID),
                                "smoothed", new NonlinearCompression(3, 0.1).mse(GRID))))
                .judge("exact Z = 3 MSE within 1e-4 of 1/108 and smoothed MSE < linear MSE", rows -> {
                    Rec r = rows.get(0);
                    boolean ok = Math.abs(r.d("exact") - 1.0 / 108) <= 1e-4 && r.d("smoothed") < r.d("linear");
                    return Judgement.of(ok, "linear %s, exact %s (1/108 = %s), smoothed %s", fmt(r.d("linear")),
                            fmt(r.d("exact")), fmt(1.0 / 108), fmt(r.d("smoothed")));
                })
                .tolerance("the midpoint rule's error on a " + GRID + "^2 grid is below 1e-4 here")
                .build());
        c.add(claim("r22.bound-shape", 22)
                .says("Compressed sensing bound: m = Omega(k log(n/k)); with k = (1 - S) n, m = Omega(-n (1 - S) log(1 - S)),"
                        + " largest at 1 - S = 1/e.")
                .paper("k log(n/k) = -n p log p at k = p n; maximum at p = 1/e")
                .source("appendix on compressed sensing (lower bound)")
                .computed("CompressedSensingBound at n = 1000, p in {0.01, 0.1, 0.5, 0.9}; argmax of the shape on a"
                        + " 10^5-point grid of p", () -> {
                            List<Rec> out = new ArrayList<>();
                            double worstId = 0;
                            for (double p : new double[] {0.01, 0.1, 0.5, 0.9}) {
                                worstId = Math.max(worstId, Math.abs(CompressedSensingBound.kLogNOverK(1000, 1000 * p)
                                        - CompressedSensingBound.shape(1000, p)));
                            }
                            double argmax = 0;
                            double best = -1;
                            for (int k = 1; k <= 100_000; k++) {
                                double p = k / 100_000.0;
                                double v = CompressedSensingBound.shape(1, p);
                                if (v > best) {
                                    best = v;
                                    argmax = p;
                                }
                            }
                            out.add(Rec.of("identity_error", worstId, "argmax", argmax));
                            return out;
                        })
                .judge("identity error <= 1e-9 and argmax within 1e-4 of 1/e", rows -> {
                    Rec r = rows.get(0);
                    return Judgement.of(r.d("identity_error") <= 1e-9 && Math.abs(r.d("argmax") - 1 / Math.E) <= 1e-4,
                            "identity error %s; argmax %s (1/e = %s)", fmt(r.d("identity_error")), fmt(r.d("argmax")),
                            fmt(1 / Math.E));
                })
                .tolerance("double-precision arithmetic; the grid step is 1e-5")
                .build());
        c.add(claim("r22.one-sparse-2m", 22)
                .says("Exact recovery of 1-sparse non-negative inputs by the toy decoder ReLU(W^T W x + b) is possible"
                        + " for up to n = 2m features (antipodal pairs), far above the theorem's log n.")
                .paper("n = 2m recoverable with zero error")
                .source("appendix on compressed sensing; the exact 1-sparse instance: docs/paper.md")
                .computed("CompressedSensingBound.oneSparseRecoveryError for W = [e_1, -e_1, ..., e_m, -e_m], b = 0,"
                        + " m = 1..6, and one extra feature at 45 degrees for m = 2", AppendixClaims::oneSparse)
                .judge("error 0 (<= 1e-12) for every 2m construction, and >= 0.1 once a (2m+1)-th feature is added",
                        rows -> {
                            boolean ok = !rows.isEmpty();
                            List<String> parts = new ArrayList<>();
                            for (Rec r : rows) {
                                boolean extra = r.b("extra");
                                ok &= extra ? r.d("error") >= 0.1 : r.d("error") <= 1e-12;
                                parts.add("m " + r.l("m") + (extra ? " +1" : "") + ": " + fmt(r.d("error")));
                            }
                            return new Judgement(ok, String.join("; ", parts));
                        })
                .tolerance("exact arithmetic on +-1 and 0 entries")
                .build());
        return c;
    }

    static List<Rec> oneSparse() {
        List<Rec> out = new ArrayList<>();
        for (int m = 1; m <= 6; m++) {
            double[][] w = antipodal(m, false);
            out.add(Rec.of("m", m, "extra", false, "error",
                    CompressedSensingBound.oneSparseRecoveryError(w, new double[w.length], 20)));
        }
        double[][] w = antipodal(2, true);
        out.add(Rec.of("m", 2, "extra", true, "error", CompressedSensingBound.oneSparseRecoveryError(w, new double[w.length], 20)));
        return out;
    }

    private static double[][] antipodal(int m, boolean extra) {
        int n = 2 * m + (extra ? 1 : 0);
        double[][] w = new double[n][m];
        for (int k = 0; k < m; k++) {
            w[2 * k][k] = 1;
            w[2 * k + 1][k] = -1;
        }
        if (extra) {
            for (int k = 0; k < m; k++) {
                w[n - 1][k] = 1 / Math.sqrt(m);
            }
        }
        return w;
    }
}
