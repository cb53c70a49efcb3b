package app.provisioning.account;

import java.net.URI;
import java.time.Duration;

import app.provisioning.platform.SettingRules;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * How JWTs that Entra issues itself (Secret Token left blank in the Azure portal) are
 * checked.
 *
 * @param jwksUri where Entra publishes its signing keys
 * @param audience the audience Entra's provisioning service puts in its tokens
 * @param clockSkew tolerance for expiry and not-before
 * @param timeout connect and read timeout when fetching the keys
 */
@ConfigurationProperties("provisioning.entra-token")
public record EntraTokenProperties(URI jwksUri, String audience, Duration clockSkew, Duration timeout) {

	public EntraTokenProperties {
		if (jwksUri == null) {
			jwksUri = URI.create("https://login.microsoftonline.com/common/discovery/keys");
		}
		if (audience == null || audience.isBlank()) {
			audience = "8adf8e6e-67b2-4cf2-a259-e3dc5476c621";
		}
		clockSkew = SettingRules.notNegative("provisioning.entra-token.clock-skew",
				(clockSkew != null) ? clockSkew : Duration.ofSeconds(60));
		timeout = SettingRules.positive("provisioning.entra-token.timeout",
				(timeout != null) ? timeout : Duration.ofSeconds(5));
	}

}
