package app.provisioning.account;

import java.net.URI;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The server's app registration in Entra, through which customers' administrators sign in
 * to the administration pages with their Microsoft work accounts (OpenID Connect).
 *
 * @param clientId the registration's application (client) id; blank turns sign-in with
 * Microsoft off
 * @param clientSecret a client secret of the registration
 * @param authority where people sign in: Entra's multi-tenant {@code organizations}
 * endpoint, or another cloud's (e.g.
 * {@code https://login.microsoftonline.us/organizations})
 * @param redirectUri the address Microsoft sends people back to, as registered;
 * {@code {baseUrl}} stands for this server's own address
 */
@ConfigurationProperties("provisioning.microsoft-sign-in")
public record MicrosoftSignInProperties(String clientId, String clientSecret, URI authority, String redirectUri) {

	public MicrosoftSignInProperties {
		clientId = (clientId == null) ? "" : clientId.trim();
		clientSecret = (clientSecret == null) ? "" : clientSecret.trim();
		if (authority == null) {
			authority = URI.create("https://login.microsoftonline.com/organizations");
		}
		if (redirectUri == null || redirectUri.isBlank()) {
			redirectUri = "{baseUrl}/admin/login/oauth2/code/microsoft";
		}
		if (!clientId.isEmpty() && clientSecret.isEmpty()) {
			throw new IllegalArgumentException(
					"MICROSOFT_SIGNIN_CLIENT_SECRET must be set when MICROSOFT_SIGNIN_CLIENT_ID is:"
							+ " create a client secret under the app registration's Certificates & secrets");
		}
		if (authority.getScheme() == null || authority.getHost() == null || authority.getPath().length() < 2) {
			throw new IllegalArgumentException("MICROSOFT_SIGNIN_AUTHORITY must be an address such as"
					+ " https://login.microsoftonline.com/organizations; got '" + authority + "'");
		}
	}

	public boolean enabled() {
		return !this.clientId.isEmpty();
	}

	String authorizationUri() {
		return base() + "/oauth2/v2.0/authorize";
	}

	String tokenUri() {
		return base() + "/oauth2/v2.0/token";
	}

	String jwkSetUri() {
		return base() + "/discovery/v2.0/keys";
	}

	/**
	 * The issuer of a tenant's ID tokens: Entra names the tenant in it, whatever endpoint
	 * was used.
	 */
	String issuerOf(String tenantId) {
		return this.authority.getScheme() + "://" + this.authority.getRawAuthority() + "/" + tenantId + "/v2.0";
	}

	private String base() {
		String value = this.authority.toString();
		return value.endsWith("/") ? value.substring(0, value.length() - 1) : value;
	}

}
