package org.tmssweep.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import org.junit.jupiter.api.Test;
import org.tmssweep.core.train.Nd4jNatives;

/**
 * {@link RequiresNd4jNatives} skips its tests exactly when the build's {@code nd4j.classifier} is not this
 * platform: a build for this platform can never skip them silently (if the natives' layout changed, say), and a
 * build for another platform skips them.
 */
class RequiresNd4jNativesGuardTest {
    @Test
    void skipsExactlyWhenTheBuildsClassifierIsAnotherPlatform() {
        String classifier = System.getProperty(RequiresNd4jNatives.CLASSIFIER_PROPERTY);
        assertNotNull(classifier, "surefire sets " + RequiresNd4jNatives.CLASSIFIER_PROPERTY + " (root pom)");
        boolean hostBuild = classifier.equals(Nd4jNatives.platform());
        assertEquals(hostBuild, !RequiresNd4jNatives.Condition.evaluate().isDisabled(),
                "nd4j.classifier=" + classifier + ", platform " + Nd4jNatives.platform() + ": "
                        + RequiresNd4jNatives.Condition.evaluate().getReason().orElse(""));
    }
}
