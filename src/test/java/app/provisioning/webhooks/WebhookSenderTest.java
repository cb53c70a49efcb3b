package app.provisioning.webhooks;

import java.time.Clock;
import java.time.Duration;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import com.sun.net.httpserver.HttpServer;

import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import org.junit.jupiter.api.Test;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

/** What one attempt sends, what it keeps of the answer, and when it gives up. */
class WebhookSenderTest {

	private static final String PAYLOAD = "{\"type\":\"person.created\",\"name\":\"Zoë\"}";

	private static WebhooksProperties properties() {
		return new WebhooksProperties(false, Duration.ofSeconds(1), null, null, null, Duration.ofSeconds(5), null, null,
				null, null, null, null);
	}

	private static DeliveryAttempt send(String url, WebhookSecret secret) {
		WebhookSender sender = new WebhookSender(properties(), new EndpointAddressPolicy(true), Clock.systemUTC());
		try {
			return sender.send(new WebhookSender.Message(7, url, "evt_7", PAYLOAD, List.of(secret))).join();
		}
		finally {
			sender.destroy();
		}
	}

	@Test
	void aDeliveryIsSignedJsonThatAnIndependentVerifierAccepts() throws Exception {
		try (WebhookReceiver receiver = new WebhookReceiver()) {
			WebhookSecret secret = WebhookSecret.generate();
			DeliveryAttempt attempt = send(receiver.url("/hook"), secret);
			assertThat(attempt.delivered()).isTrue();
			assertThat(attempt.status()).isEqualTo(200);
			assertThat(attempt.excerpt()).isEqualTo("ok");
			LoggedRequest request = receiver.requests().get(0);
			assertThat(request.getBodyAsString()).isEqualTo(PAYLOAD);
			assertThat(request.getHeader("Content-Type")).isEqualTo("application/json");
			assertThat(request.getHeader("User-Agent")).isEqualTo(WebhookSender.USER_AGENT);
			assertThat(request.getHeader("webhook-id")).isEqualTo("evt_7");
			WebhookReceiver.verify(request, secret.text());
		}
	}

	@Test
	void aLongErrorAnswerIsKeptAsItsStartWithItsStatus() {
		try (WebhookReceiver receiver = new WebhookReceiver()) {
			receiver.server.stubFor(post(urlEqualTo("/busy"))
				.willReturn(aResponse().withStatus(503).withBody("maintenance " + "x".repeat(200_000))));
			DeliveryAttempt attempt = send(receiver.url("/busy"), WebhookSecret.generate());
			assertThat(attempt.delivered()).isFalse();
			assertThat(attempt.status()).isEqualTo(503);
			assertThat(attempt.excerpt()).startsWith("maintenance ").hasSize(DeliveryAttempt.EXCERPT_CHARS);
			assertThat(attempt.error()).isNull();
		}
	}

	@Test
	void aReceiverThatTricklesItsAnswerIsCutOffAtTheRequestTimeout() {
		try (WebhookReceiver receiver = new WebhookReceiver()) {
			receiver.server.stubFor(post(urlEqualTo("/slow")).willReturn(
					aResponse().withStatus(200).withBody("y".repeat(1000)).withChunkedDribbleDelay(60, 30_000)));
			long started = System.nanoTime();
			DeliveryAttempt attempt = send(receiver.url("/slow"), WebhookSecret.generate());
			// The trickle alone would take 30 s, every chunk well inside the socket's
			// read timeout.
			assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(15));
			assertThat(attempt.delivered()).isFalse();
			assertThat(attempt.status()).isNull();
			assertThat(attempt.error()).isEqualTo("Timed out after 1000 ms");
		}
	}

	@Test
	void aReceiverThatIsNotListeningIsNamedInTheError() throws Exception {
		int port;
		try (ServerSocket socket = new ServerSocket(0)) {
			port = socket.getLocalPort();
		}
		DeliveryAttempt attempt = send("http://127.0.0.1:" + port + "/hook", WebhookSecret.generate());
		assertThat(attempt.status()).isNull();
		assertThat(attempt.error()).startsWith("ConnectException");
	}

	@Test
	void anAddressRefusedAtDeliveryFailsTheAttemptWithTheReasonAndSendsNothing() throws Exception {
		try (WebhookReceiver receiver = new WebhookReceiver()) {
			WebhookSender sender = new WebhookSender(properties(), new EndpointAddressPolicy(false), Clock.systemUTC());
			for (String url : List.of(receiver.url("/loopback"), "https://127.0.0.1/hooks", "https://10.0.0.5/hooks",
					"https://169.254.169.254/latest/meta-data", "https://[::1]/hooks")) {
				DeliveryAttempt attempt = sender
					.send(new WebhookSender.Message(1, url, "evt_1", "{}", List.of(WebhookSecret.generate())))
					.join();
				assertThat(attempt.delivered()).as(url).isFalse();
				assertThat(attempt.status()).as(url).isNull();
				assertThat(attempt.error()).as(url).startsWith("Refused: ");
			}
			assertThat(receiver.requests()).isEmpty();
		}
	}

	@Test
	void aDeliveryConnectsToTheAddressesTheCheckApprovedNotToASecondLookup() throws Exception {
		try (WebhookReceiver receiver = new WebhookReceiver()) {
			// No DNS answers for .invalid: only the checked answer can reach the
			// receiver.
			EndpointAddressPolicy policy = new EndpointAddressPolicy(true,
					(host) -> new InetAddress[] { InetAddress.getLoopbackAddress() });
			WebhookSender sender = new WebhookSender(properties(), policy, Clock.systemUTC());
			try {
				String url = receiver.url("/hook").replace("127.0.0.1", "receiver.invalid");
				assertThat(url).contains("receiver.invalid");
				DeliveryAttempt attempt = sender
					.send(new WebhookSender.Message(3, url, "evt_3", PAYLOAD, List.of(WebhookSecret.generate())))
					.join();
				assertThat(attempt.error()).isNull();
				assertThat(attempt.delivered()).isTrue();
				assertThat(receiver.requests()).hasSize(1);
			}
			finally {
				sender.destroy();
			}
		}
	}

	@Test
	void deliveriesToOneReceiverGoOverOneKeptConnection() throws Exception {
		Set<Integer> clientPorts = ConcurrentHashMap.newKeySet();
		HttpServer receiver = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
		receiver.createContext("/hook", (exchange) -> {
			exchange.getRequestBody().readAllBytes();
			clientPorts.add(exchange.getRemoteAddress().getPort());
			byte[] answer = "thanks".getBytes(StandardCharsets.UTF_8);
			exchange.sendResponseHeaders(200, answer.length);
			exchange.getResponseBody().write(answer);
			exchange.close();
		});
		receiver.start();
		WebhookSender sender = new WebhookSender(properties(), new EndpointAddressPolicy(true), Clock.systemUTC());
		try {
			String url = "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook";
			for (int i = 0; i < 20; i++) {
				DeliveryAttempt attempt = sender
					.sendNow(new WebhookSender.Message(i, url, "evt_" + i, PAYLOAD, List.of(WebhookSecret.generate())));
				assertThat(attempt.excerpt()).isEqualTo("thanks");
			}
			assertThat(clientPorts).hasSize(1);
		}
		finally {
			sender.destroy();
			receiver.stop(0);
		}
	}

	@Test
	void theRetryScheduleTakesAboutThreeDaysThenGivesUp() {
		RetrySchedule schedule = new RetrySchedule(Duration.ofSeconds(5));
		Duration total = Duration.ZERO;
		for (int attempts = 1; attempts < RetrySchedule.maxAttempts(); attempts++) {
			Duration delay = schedule.after(attempts).orElseThrow();
			total = total.plus(delay);
		}
		assertThat(schedule.after(RetrySchedule.maxAttempts())).isEmpty();
		assertThat(schedule.after(1).orElseThrow()).isBetween(Duration.ofMillis(4000), Duration.ofMillis(6000));
		assertThat(total).isBetween(Duration.ofDays(2).plusHours(12), Duration.ofDays(3).plusHours(20));
	}

}
