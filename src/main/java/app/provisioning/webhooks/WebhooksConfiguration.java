package app.provisioning.webhooks;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

@Configuration
class WebhooksConfiguration {

	private static final Logger log = LoggerFactory.getLogger(WebhooksConfiguration.class);

	/**
	 * Unset, private addresses are allowed exactly when the server runs its own embedded
	 * database: the zero-setup run on a developer's machine, whose receivers are local.
	 */
	@Bean
	EndpointAddressPolicy endpointAddressPolicy(WebhooksProperties properties, Environment environment) {
		boolean allow = (properties.allowPrivateAddresses() != null) ? properties.allowPrivateAddresses()
				: embeddedDatabase(environment);
		if (allow) {
			log.warn("Webhooks may be sent over plain http and to loopback and private addresses"
					+ " (provisioning.webhooks.allow-private-addresses); do not allow this in production");
		}
		return new EndpointAddressPolicy(allow);
	}

	private static boolean embeddedDatabase(Environment environment) {
		String url = environment.getProperty("spring.datasource.url");
		return url == null || url.isBlank() || "embedded".equals(url);
	}

}
