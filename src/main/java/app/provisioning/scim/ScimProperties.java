package app.provisioning.scim;

import app.provisioning.platform.SettingRules;

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
		SettingRules.atLeast("provisioning.scim.default-page-size", defaultPageSize, 1);
		SettingRules.atLeast("provisioning.scim.max-page-size", maxPageSize, 1);
		SettingRules.atLeast("provisioning.scim.max-body-bytes", maxBodyBytes, 1);
		SettingRules.atLeast("provisioning.scim.max-operations", maxOperations, 1);
		defaultPageSize = Math.min(defaultPageSize, maxPageSize);
	}

}
