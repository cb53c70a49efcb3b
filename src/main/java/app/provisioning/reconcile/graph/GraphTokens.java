package app.provisioning.reconcile.graph;

import java.net.MalformedURLException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.microsoft.aad.msal4j.ClientCredentialFactory;
import com.microsoft.aad.msal4j.ClientCredentialParameters;
import com.microsoft.aad.msal4j.ConfidentialClientApplication;
import com.microsoft.aad.msal4j.IAuthenticationResult;
import com.microsoft.aad.msal4j.MsalServiceException;

import org.springframework.stereotype.Component;

/**
 * App-only access tokens for Microsoft Graph, acquired with MSAL4J (client credentials).
 * One MSAL application per app registration, so MSAL's token cache serves repeated calls
 * until the token nears expiry.
 */
@Component
public class GraphTokens {

	private static final Pattern AADSTS = Pattern.compile("AADSTS(\\d+)");

	private static final int MAX_APPLICATIONS = 1000;

	private final GraphProperties properties;

	private final MsalHttpClient httpClient;

	private final Map<GraphCredentials, ConfidentialClientApplication> applications = new LinkedHashMap<>(16, 0.75f,
			true) {
		@Override
		protected boolean removeEldestEntry(Map.Entry<GraphCredentials, ConfidentialClientApplication> eldest) {
			return size() > MAX_APPLICATIONS;
		}
	};

	GraphTokens(GraphHttp http) {
		this.properties = http.properties();
		this.httpClient = new MsalHttpClient(http.client(), this.properties.requestTimeout());
	}

	/**
	 * An access token for Graph; {@code renew} skips the cache (Graph refused the cached
	 * one). Failures come as {@link GraphException} with the identity platform's AADSTS
	 * code.
	 */
	public String token(GraphCredentials credentials, boolean renew) {
		ConfidentialClientApplication application = application(credentials);
		ClientCredentialParameters parameters = ClientCredentialParameters.builder(Set.of(this.properties.scope()))
			.skipCache(renew)
			.build();
		try {
			IAuthenticationResult result = application.acquireToken(parameters)
				.get(this.properties.requestTimeout().toMillis() * 2, TimeUnit.MILLISECONDS);
			return result.accessToken();
		}
		catch (ExecutionException ex) {
			throw failure(ex.getCause());
		}
		catch (TimeoutException ex) {
			throw new GraphException(0, null, "The Microsoft identity platform did not answer in time", ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new GraphException(0, null, "Interrupted while acquiring a Graph token", ex);
		}
	}

	private synchronized ConfidentialClientApplication application(GraphCredentials credentials) {
		return this.applications.computeIfAbsent(credentials, (key) -> {
			try {
				return ConfidentialClientApplication
					.builder(key.clientId(), ClientCredentialFactory.createFromSecret(key.clientSecret()))
					.authority(this.properties.authority(key.tenantId()))
					// The authority is configured, so no discovery call to Microsoft's
					// global endpoint (national clouds and closed networks need that
					// too).
					.instanceDiscovery(false)
					.validateAuthority(false)
					.autoDetectRegion(false)
					.httpClient(this.httpClient)
					.build();
			}
			catch (MalformedURLException | IllegalArgumentException ex) {
				throw new GraphException(400, null, "The tenant ID '" + key.tenantId()
						+ "' does not make a valid authority address: " + ex.getMessage(), ex);
			}
		});
	}

	private static GraphException failure(Throwable cause) {
		if (cause instanceof MsalServiceException service) {
			Matcher code = AADSTS.matcher(String.valueOf(service.getMessage()));
			return new GraphException(service.statusCode(),
					code.find() ? "AADSTS" + code.group(1) : service.errorCode(), firstLine(service.getMessage()),
					service);
		}
		if (cause instanceof GraphException graph) {
			return graph;
		}
		Throwable root = cause;
		while (root.getCause() != null && root.getCause() != root) {
			root = root.getCause();
		}
		return new GraphException(0, null,
				"The Microsoft identity platform could not be reached: " + GraphClient.describe(root), cause);
	}

	private static String firstLine(String message) {
		if (message == null) {
			return "The Microsoft identity platform refused the token request";
		}
		int end = message.indexOf("\r\n");
		end = (end < 0) ? message.indexOf('\n') : end;
		return (end < 0) ? message : message.substring(0, end);
	}

}
