package app.provisioning.webhooks;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.springframework.stereotype.Component;

/** Sends one signed delivery over HTTP and says what came back; never throws. */
@Component
class WebhookSender {

	static final String USER_AGENT = "Entra-Provisioning-Webhooks/1.0";

	private final HttpClient http;

	private final Duration timeout;

	private final EndpointAddressPolicy policy;

	private final Clock clock;

	WebhookSender(WebhooksProperties properties, EndpointAddressPolicy policy, Clock clock) {
		this.timeout = properties.requestTimeout();
		this.policy = policy;
		this.clock = clock;
		this.http = HttpClient.newBuilder()
			.connectTimeout(properties.requestTimeout())
			.followRedirects(HttpClient.Redirect.NEVER)
			// Plain HTTP/1.1: no h2c upgrade attempt on each new connection (twice the rate to a
			// local receiver), and every receiver speaks it.
			.version(HttpClient.Version.HTTP_1_1)
			.build();
	}

	/** What to send: the stored body, to the endpoint's URL, signed with its secrets. */
	record Message(long deliveryId, String url, String messageId, String payload, List<WebhookSecret> secrets) {
	}

	CompletableFuture<DeliveryAttempt> send(Message message) {
		long started = System.nanoTime();
		HttpRequest request;
		try {
			URI uri = URI.create(message.url());
			// Checked again now: the name may resolve elsewhere than when it was registered.
			this.policy.checkAtDelivery(uri);
			byte[] body = message.payload().getBytes(StandardCharsets.UTF_8);
			long timestamp = this.clock.instant().getEpochSecond();
			HttpRequest.Builder builder = HttpRequest.newBuilder(uri)
				.timeout(this.timeout)
				.header("Content-Type", "application/json")
				.header("User-Agent", USER_AGENT)
				.POST(HttpRequest.BodyPublishers.ofByteArray(body));
			for (Map.Entry<String, String> header : WebhookSigner
				.headers(message.messageId(), timestamp, body, message.secrets())
				.entrySet()) {
				builder.header(header.getKey(), header.getValue());
			}
			request = builder.build();
		}
		catch (RefusedEndpointException | IllegalArgumentException ex) {
			return CompletableFuture.completedFuture(
					new DeliveryAttempt(message.deliveryId(), null, 0, null, "Refused: " + ex.getMessage()));
		}
		CompletableFuture<HttpResponse<String>> exchange = this.http.sendAsync(request,
				(info) -> new ExcerptSubscriber());
		// The request timeout ends the wait for the headers only; this one ends a body that trickles.
		return exchange.orTimeout(this.timeout.toMillis(), TimeUnit.MILLISECONDS)
			.handle((response, failure) -> {
				long latency = (System.nanoTime() - started) / 1_000_000;
				if (failure != null) {
					exchange.cancel(true);
					return new DeliveryAttempt(message.deliveryId(), null, latency, null, describe(failure));
				}
				return new DeliveryAttempt(message.deliveryId(), response.statusCode(), latency,
						DeliveryAttempt.excerpt(response.body()), null);
			});
	}

	private String describe(Throwable failure) {
		Throwable cause = (failure.getCause() != null && failure instanceof java.util.concurrent.CompletionException)
				? failure.getCause() : failure;
		if (cause instanceof HttpTimeoutException || cause instanceof TimeoutException) {
			return "Timed out after " + this.timeout.toMillis() + " ms";
		}
		String message = cause.getMessage();
		return cause.getClass().getSimpleName() + ((message != null) ? ": " + message : "");
	}

}
