package app.provisioning.webhooks;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import com.standardwebhooks.Webhook;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;

/** A real HTTP receiver of webhooks for tests, answering 200 unless told otherwise. */
final class WebhookReceiver implements AutoCloseable {

	final WireMockServer server;

	WebhookReceiver() {
		this.server = new WireMockServer(WireMockConfiguration.options().dynamicPort().containerThreads(40));
		this.server.start();
		this.server.stubFor(any(anyUrl()).atPriority(10).willReturn(aResponse().withStatus(200).withBody("ok")));
	}

	String url(String path) {
		return "http://127.0.0.1:" + this.server.port() + path;
	}

	List<LoggedRequest> requests() {
		return this.server.getAllServeEvents()
			.stream()
			.map((event) -> event.getRequest())
			.sorted((a, b) -> a.getLoggedDate().compareTo(b.getLoggedDate()))
			.map(LoggedRequest.class::cast)
			.toList();
	}

	List<LoggedRequest> answered(int status) {
		return this.server.getAllServeEvents()
			.stream()
			.filter((event) -> event.getResponse().getStatus() == status)
			.map((event) -> (LoggedRequest) event.getRequest())
			.sorted((a, b) -> a.getLoggedDate().compareTo(b.getLoggedDate()))
			.toList();
	}

	/**
	 * Checks the request with the Standard Webhooks project's own verifier, not our
	 * signer.
	 */
	static void verify(LoggedRequest request, String secret) throws Exception {
		new Webhook(secret).verify(request.getBodyAsString(),
				Map.of("webhook-id", List.of(request.getHeader("webhook-id")), "webhook-timestamp",
						List.of(request.getHeader("webhook-timestamp")), "webhook-signature",
						List.of(request.getHeader("webhook-signature"))));
	}

	static void await(String what, Duration limit, BooleanSupplier condition) {
		long end = System.nanoTime() + limit.toNanos();
		while (!condition.getAsBoolean()) {
			if (System.nanoTime() > end) {
				throw new AssertionError("Timed out after " + limit + " waiting for " + what);
			}
			try {
				Thread.sleep(100);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new AssertionError(ex);
			}
		}
	}

	@Override
	public void close() {
		this.server.stop();
	}

}
