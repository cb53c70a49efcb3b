package app.provisioning.reconcile.graph;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;

import app.provisioning.platform.SettingRules;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Where and how the server talks to Microsoft: the identity platform for tokens and
 * Microsoft Graph for users and groups. The defaults are Microsoft's global cloud;
 * national clouds (e.g. {@code https://login.microsoftonline.us} and
 * {@code https://graph.microsoft.us}) only need these two addresses changed.
 *
 * @param authorityHost the identity platform, to which {@code /{tenant}} is appended
 * @param endpoint Microsoft Graph, to which {@code /v1.0/...} is appended
 * @param scope the token scope (the Graph resource's {@code /.default})
 * @param connectTimeout limit on opening a connection to Microsoft
 * @param requestTimeout limit on one request, answer included
 * @param maxAttempts attempts per Graph request when it is throttled or fails transiently
 * @param maxRetryWait longest wait honoured from a {@code Retry-After}; a longer one
 * fails the request
 * @param pageSize users per Graph page ({@code $top}, at most 999)
 * @param trustStore optional PKCS#12 trust store for the TLS certificates of these two
 * hosts (a TLS-inspecting proxy, for example); the JVM's trust store otherwise
 * @param trustStorePassword password of {@code trustStore}
 */
@ConfigurationProperties("provisioning.graph")
public record GraphProperties(URI authorityHost, URI endpoint, String scope, Duration connectTimeout,
		Duration requestTimeout, Integer maxAttempts, Duration maxRetryWait, Integer pageSize, Path trustStore,
		String trustStorePassword) {

	public GraphProperties {
		authorityHost = (authorityHost != null) ? authorityHost : URI.create("https://login.microsoftonline.com");
		endpoint = (endpoint != null) ? endpoint : URI.create("https://graph.microsoft.com");
		scope = (scope != null && !scope.isBlank()) ? scope : "https://graph.microsoft.com/.default";
		connectTimeout = SettingRules.positive("provisioning.graph.connect-timeout",
				(connectTimeout != null) ? connectTimeout : Duration.ofSeconds(10));
		requestTimeout = SettingRules.positive("provisioning.graph.request-timeout",
				(requestTimeout != null) ? requestTimeout : Duration.ofSeconds(60));
		maxAttempts = SettingRules.atLeast("provisioning.graph.max-attempts", (maxAttempts != null) ? maxAttempts : 5,
				1);
		maxRetryWait = SettingRules.notNegative("provisioning.graph.max-retry-wait",
				(maxRetryWait != null) ? maxRetryWait : Duration.ofMinutes(2));
		// Graph's own limit for $top on users.
		pageSize = SettingRules.between("provisioning.graph.page-size", (pageSize != null) ? pageSize : 999, 1, 999);
	}

	String graphBase() {
		String base = this.endpoint.toString();
		return (base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + "/v1.0";
	}

	String authority(String tenantId) {
		String host = this.authorityHost.toString();
		return (host.endsWith("/") ? host : host + "/") + tenantId + "/";
	}

}
