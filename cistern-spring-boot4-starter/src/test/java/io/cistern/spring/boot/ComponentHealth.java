package io.cistern.spring.boot;

import java.util.Map;
import org.springframework.boot.health.actuate.endpoint.HealthEndpoint;
import org.springframework.boot.health.actuate.endpoint.IndicatedHealthDescriptor;
import org.springframework.boot.health.actuate.endpoint.SystemHealthDescriptor;
import org.springframework.context.ApplicationContext;

/**
 * One component of Actuator's health endpoint, read through Boot 4's classes, so that the tests
 * shared with the Boot 3 starter (its src/shared-test) need none of them.
 *
 * @param status its status code
 * @param details its details
 */
public record ComponentHealth(String status, Map<String, Object> details) {

    /**
     * @param context the application
     * @param name the component's name
     * @return what the application's health endpoint says of it
     */
    public static ComponentHealth of(ApplicationContext context, String name) {
        SystemHealthDescriptor root = (SystemHealthDescriptor) context.getBean(HealthEndpoint.class).health();
        IndicatedHealthDescriptor component = (IndicatedHealthDescriptor) root.getComponents().get(name);
        return new ComponentHealth(component.getStatus().getCode(), component.getDetails());
    }
}
