package app.provisioning.account;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.observation.SecurityObservationSettings;

/**
 * Spring Security observes every filter of every request, each authentication and each
 * authorization whenever a metrics registry exists: an observation and a long-task timer
 * per filter, on every SCIM request. No dashboard or alert of ours reads those
 * {@code spring_security_*} series, and a request stays measured as a whole
 * ({@code http_server_requests_seconds}, {@code scim_operations_total}); the benchmark
 * shows what leaving them out saves (docs/benchmark.md).
 */
@Configuration(proxyBeanMethods = false)
class SecurityObservationsConfiguration {

	@Bean
	static SecurityObservationSettings securityObservationSettings() {
		return SecurityObservationSettings.noObservations();
	}

}
