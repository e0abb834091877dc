package io.cistern.memory.embedding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Both scan kernels against a double-precision reference, at lengths that exercise every tail. */
class DotProductTest {

    @Test
    void theVectorApiKernelIsChosenWhereTheModuleIsPresent() {
        // surefire adds the module (see the pom), so here both kernels run
        boolean present = ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();
        assertThat(present).isTrue();
        assertThat(DotProduct.fastest().getClass().getSimpleName()).isEqualTo("VectorApiDotProduct");
    }

    @Test
    void bothKernelsAgreeWithTheReferenceAtEveryLength() {
        DotProduct[] kernels = {new ScalarDotProduct(), DotProduct.fastest()};
        SplittableRandom random = new SplittableRandom(20);
        for (int n = 0; n <= 1100; n += (n < 70 ? 1 : 37)) {
            float[] a = SeededRandomModel.gaussian(random, n);
            float[] b = SeededRandomModel.gaussian(random, n);
            double reference = 0;
            double magnitude = 0;
            for (int i = 0; i < n; i++) {
                reference += (double) a[i] * b[i];
                magnitude += Math.abs((double) a[i] * b[i]);
            }
            for (DotProduct kernel : kernels) {
                // float32 rounding grows with the sum of the magnitudes, whatever the order
                assertThat((double) kernel.dot(a, b)).as("%s at %d", kernel.description(), n)
                        .isCloseTo(reference, within(1e-6 * magnitude + 1e-7));
            }
        }
    }
}
