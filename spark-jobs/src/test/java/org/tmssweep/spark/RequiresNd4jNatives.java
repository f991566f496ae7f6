package org.tmssweep.spark;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.tmssweep.core.train.Nd4jNatives;

/**
 * A test (class or method) that runs ND4J and so needs its native jars for the platform the tests run on
 * (a parameterized test whose cases mix kernels calls {@link Condition#assumeFor} per case instead). It is
 * skipped, with the reason, when the build's natives are for another platform ({@code mvn verify
 * -Djavacpp.platform=linux-arm64} on an x86-64 machine checks that such a build resolves and that everything
 * else passes); {@code RequiresNd4jNativesGuardTest} fails when the natives match this platform and the test
 * would still be skipped. The same as model-core's (the modules share no test classes).
 */
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(RequiresNd4jNatives.Condition.class)
public @interface RequiresNd4jNatives {
    /** The system property surefire sets to the build's {@code nd4j.classifier} (the root pom). */
    String CLASSIFIER_PROPERTY = "tms.nd4j.classifier";

    /** Enabled iff {@link Nd4jNatives#present()}. */
    final class Condition implements ExecutionCondition {
        @Override
        public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
            return evaluate();
        }

        public static ConditionEvaluationResult evaluate() {
            if (Nd4jNatives.present()) {
                return ConditionEvaluationResult.enabled("ND4J's natives for " + Nd4jNatives.platform()
                        + " are on the class path");
            }
            return ConditionEvaluationResult.disabled("needs ND4J's natives for " + Nd4jNatives.platform()
                    + ", but the build's are for nd4j.classifier=" + System.getProperty(CLASSIFIER_PROPERTY)
                    + " (missing " + String.join(", ", Nd4jNatives.missing()) + ")");
        }

        /**
         * For a parameterized test whose cases mix kernels: skips the current case (an assumption, with the
         * same reason) when it runs ND4J and the natives are absent.
         */
        public static void assumeFor(boolean usesNd4j) {
            if (usesNd4j) {
                ConditionEvaluationResult r = evaluate();
                Assumptions.assumeFalse(r.isDisabled(), () -> r.getReason().orElse(""));
            }
        }
    }
}
