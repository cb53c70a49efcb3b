package app.provisioning.webhooks;

import java.net.ProxySelector;

import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.client5.http.impl.routing.SystemDefaultRoutePlanner;
import org.apache.hc.client5.http.ssl.DefaultClientTlsStrategy;
import org.apache.hc.core5.http.io.SocketConfig;
import org.apache.hc.core5.util.TimeValue;
import org.apache.hc.core5.util.Timeout;

/** The HTTP client deliveries are sent with. */
final class DeliveryClient {

	// A kept connection idle this long is checked before it carries a delivery, so one
	// the receiver closed in the meantime fails no delivery.
	private static final TimeValue CHECK_IDLE_AFTER = TimeValue.ofSeconds(1);

	private DeliveryClient() {
	}

	/**
	 * No retries, redirects, cookies or authentication of its own: an attempt is one
	 * request, and what to do with its answer is the delivery's business. Connections are
	 * kept per receiver for as many deliveries as may be open to it (new events and
	 * retries), so a busy endpoint does not pay a TLS handshake per delivery; the JVM's
	 * trust store and proxy settings apply.
	 */
	static CloseableHttpClient create(WebhooksProperties properties) {
		Timeout timeout = Timeout.of(properties.requestTimeout());
		int perReceiver = 2 * properties.maxInFlightPerEndpoint();
		return HttpClients.custom()
			.setConnectionManager(PoolingHttpClientConnectionManagerBuilder.create()
				.setDnsResolver(new CheckedAddresses())
				.setTlsSocketStrategy(DefaultClientTlsStrategy.createSystemDefault())
				.setMaxConnPerRoute(perReceiver)
				.setMaxConnTotal(properties.maxInFlight() + properties.endpointStreams() * perReceiver)
				.setDefaultSocketConfig(SocketConfig.custom().setTcpNoDelay(true).setSoTimeout(timeout).build())
				.setDefaultConnectionConfig(ConnectionConfig.custom()
					.setConnectTimeout(timeout)
					.setSocketTimeout(timeout)
					.setValidateAfterInactivity(CHECK_IDLE_AFTER)
					.build())
				.build())
			.setRoutePlanner(new SystemDefaultRoutePlanner(ProxySelector.getDefault()))
			.setDefaultRequestConfig(
					RequestConfig.custom().setConnectionRequestTimeout(timeout).setResponseTimeout(timeout).build())
			.disableAutomaticRetries()
			.disableRedirectHandling()
			.disableCookieManagement()
			.disableAuthCaching()
			.disableContentCompression()
			.build();
	}

}
