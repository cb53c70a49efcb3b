package app.provisioning.scim;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Limits of the SCIM API, announced in /ServiceProviderConfig.
 *
 * @param defaultPageSize results per page when the client sends no {@code count}
 * @param maxPageSize the largest {@code count} honoured (larger requests are capped)
 * @param maxBodyBytes largest request body accepted (413 beyond)
 * @param maxOperations most operations in one PATCH request
 */
@ConfigurationProperties("provisioning.scim")
public record ScimProperties(int defaultPageSize, int maxPageSize, long maxBodyBytes, int maxOperations) {

	public ScimProperties {
		if (defaultPageSize <= 0) {
			defaultPageSize = 100;
		}
		if (maxPageSize <= 0) {
			maxPageSize = 1000;
		}
		if (maxBodyBytes <= 0) {
			maxBodyBytes = 2 * 1024 * 1024;
		}
		if (maxOperations <= 0) {
			maxOperations = 1000;
		}
		defaultPageSize = Math.min(defaultPageSize, maxPageSize);
	}

}
