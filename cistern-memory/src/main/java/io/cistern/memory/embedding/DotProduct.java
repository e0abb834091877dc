package io.cistern.memory.embedding;

/**
 * The scan's kernel: the dot product of two vectors of equal length (of unit vectors, so their
 * cosine similarity). {@link #fastest()} picks the Vector API implementation when the JVM runs
 * with {@code --add-modules jdk.incubator.vector}, else the plain loops of {@link ScalarDotProduct}.
 */
interface DotProduct {

    /** Set to {@code false} to keep the plain loops even where the Vector API is present. */
    String VECTOR_API_PROPERTY = "cistern.embedding.vectorApi";

    float dot(float[] a, float[] b);

    /** @return what this implementation is, for statistics and benchmarks */
    String description();

    /**
     * The Vector API class is compiled separately (src/main/java-vector, with the incubator module
     * added) and loaded only when the module is in the boot layer: a JVM without it never links
     * against {@code jdk.incubator.vector}, so the jar runs on every JDK from 17.
     */
    static DotProduct fastest() {
        if (!Boolean.parseBoolean(System.getProperty(VECTOR_API_PROPERTY, "true"))
                || ModuleLayer.boot().findModule("jdk.incubator.vector").isEmpty()) {
            return new ScalarDotProduct();
        }
        try {
            return (DotProduct) Class.forName("io.cistern.memory.embedding.VectorApiDotProduct")
                    .getDeclaredConstructor().newInstance();
        } catch (ReflectiveOperationException | LinkageError e) {
            // an incubator API that changed incompatibly in this JDK: the plain loops are always right
            return new ScalarDotProduct();
        }
    }
}
