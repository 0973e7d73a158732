package dev.zeropin.e2e;

import dev.zeropin.infra.local.LocalStack;
import java.util.Map;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The packaged product (a {@link LocalStack} with a fresh data folder) started once for a test
 * class and stopped after it, whatever happened in between:
 *
 * <pre>{@code
 * @RegisterExtension
 * static final ProductUnderTest product = ProductUnderTest.withGenerousLimits("radius-login");
 * }</pre>
 *
 * <p>The product is up before the class's own {@code @BeforeAll} methods run, and stopped after its
 * {@code @AfterAll} methods, so that these can use it.
 */
final class ProductUnderTest implements BeforeAllCallback, AfterAllCallback {

    private final String name;
    private final Map<String, String> environment;
    private LocalStack stack;

    private ProductUnderTest(String name, Map<String, String> environment) {
        this.name = name;
        this.environment = Map.copyOf(environment);
    }

    /** The product with the services' own limits; {@code name} prefixes its data folder. */
    static ProductUnderTest withDefaults(String name) {
        return new ProductUnderTest(name, Map.of());
    }

    /** The product with limits for tests where every user calls from 127.0.0.1 ({@link Stacks#generousLimits()}). */
    static ProductUnderTest withGenerousLimits(String name) {
        return new ProductUnderTest(name, Stacks.generousLimits());
    }

    /** The product with these environment variables for its services. */
    static ProductUnderTest withEnvironment(String name, Map<String, String> environment) {
        return new ProductUnderTest(name, environment);
    }

    /** The running product; only between the class's start and its end. */
    LocalStack stack() {
        if (stack == null) {
            throw new IllegalStateException("the product is started before the test class, not before");
        }
        return stack;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        stack = new LocalStack(Stacks.freshOptions(name).withEnvironment(environment)).start();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (stack != null) {
            stack.close();
            stack = null;
        }
    }
}
