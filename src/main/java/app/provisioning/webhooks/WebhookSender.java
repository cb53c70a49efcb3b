package app.provisioning.webhooks;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpRetryException;
import java.net.HttpURLConnection;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * Sends one signed delivery over HTTP and says what came back; never throws.
 * <p>
 * Each open request has a thread of its own that blocks on the socket. Measured against
 * the same receiver, the JDK's asynchronous {@code HttpClient} spent about four times the
 * CPU per request that {@link HttpURLConnection} does, and delivery ran out of CPU long
 * before it ran out of threads: the pipeline never has more than {@code max-in-flight}
 * requests open.
 */
@Component
class WebhookSender implements DisposableBean {

	static final String USER_AGENT = "Entra-Provisioning-Webhooks/1.0";

	// How much of a receiver's answer is read: a short answer is read to its end, so the
	// connection can be used again; a longer one is cut off, which closes the connection.
	private static final int READ_LIMIT = 64 * 1024;

	private static final String KEEP_ALIVE_PROPERTY = "http.maxConnections";

	private final Duration timeout;

	private final EndpointAddressPolicy policy;

	private final Clock clock;

	private final ThreadPoolExecutor requests;

	private final AttemptDeadlines deadlines;

	WebhookSender(WebhooksProperties properties, EndpointAddressPolicy policy, Clock clock) {
		this.timeout = properties.requestTimeout();
		this.policy = policy;
		this.clock = clock;
		keepIdleConnections(properties.maxInFlightPerEndpoint());
		int threads = properties.maxInFlight();
		this.requests = new ThreadPoolExecutor(threads, threads, 60, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
				daemons("webhook-send-"));
		this.requests.allowCoreThreadTimeOut(true);
		this.deadlines = new AttemptDeadlines(this.timeout);
	}

	/**
	 * The JDK keeps at most {@code http.maxConnections} idle connections per receiver, 5
	 * unless set: with 32 deliveries open to one endpoint, most would open a new
	 * connection (and make a TLS handshake) each time. Read once, when the first
	 * connection of the process is made; an operator's own {@code -Dhttp.maxConnections}
	 * wins.
	 */
	private static void keepIdleConnections(int perReceiver) {
		if (System.getProperty(KEEP_ALIVE_PROPERTY) == null) {
			System.setProperty(KEEP_ALIVE_PROPERTY, String.valueOf(perReceiver));
		}
	}

	private static ThreadFactory daemons(String prefix) {
		AtomicInteger number = new AtomicInteger();
		return (task) -> {
			Thread thread = new Thread(task, prefix + number.incrementAndGet());
			thread.setDaemon(true);
			return thread;
		};
	}

	/** What to send: the stored body, to the endpoint's URL, signed with its secrets. */
	record Message(long deliveryId, String url, String messageId, String payload, List<WebhookSecret> secrets) {
	}

	CompletableFuture<DeliveryAttempt> send(Message message) {
		CompletableFuture<DeliveryAttempt> result = new CompletableFuture<>();
		if (!onRequestThread(() -> result.complete(sendNow(message)))) {
			result.complete(notSent(message, "the sender is stopping"));
		}
		return result;
	}

	/**
	 * Sends on the calling thread, which blocks until the answer or the request timeout;
	 * never throws.
	 */
	DeliveryAttempt sendNow(Message message) {
		try {
			return attempt(message);
		}
		catch (RuntimeException ex) {
			// Whoever waits for the answer must get one.
			return notSent(message, ex.toString());
		}
	}

	/**
	 * Runs a task on one of the threads kept for open requests; false when the sender is
	 * stopping and takes no more.
	 */
	boolean onRequestThread(Runnable task) {
		try {
			this.requests.execute(task);
			return true;
		}
		catch (RejectedExecutionException ex) {
			return false;
		}
	}

	private static DeliveryAttempt notSent(Message message, String why) {
		return new DeliveryAttempt(message.deliveryId(), null, 0, null, "Not sent: " + why);
	}

	@Override
	public void destroy() {
		this.requests.shutdownNow();
		this.deadlines.close();
	}

	private DeliveryAttempt attempt(Message message) {
		long started = System.nanoTime();
		HttpURLConnection connection;
		byte[] body = message.payload().getBytes(StandardCharsets.UTF_8);
		try {
			URI uri = URI.create(message.url());
			// Checked again now: the name may resolve elsewhere than when it was
			// registered.
			this.policy.checkAtDelivery(uri);
			connection = (HttpURLConnection) uri.toURL().openConnection();
			prepare(connection, message, body);
		}
		catch (RefusedEndpointException | IllegalArgumentException | IOException ex) {
			return new DeliveryAttempt(message.deliveryId(), null, 0, null, "Refused: " + ex.getMessage());
		}
		AttemptDeadlines.Open deadline = this.deadlines.started(connection);
		try {
			try (OutputStream out = connection.getOutputStream()) {
				out.write(body);
			}
			int status = connection.getResponseCode();
			String excerpt = readExcerpt(connection, status, deadline);
			if (deadline.expired()) {
				return failed(message, started, timedOut());
			}
			return new DeliveryAttempt(message.deliveryId(), status, millisSince(started), excerpt, null);
		}
		catch (HttpRetryException ex) {
			// A 401 asking for credentials, which a streamed body cannot be sent again
			// for.
			return new DeliveryAttempt(message.deliveryId(), ex.responseCode(), millisSince(started), null, null);
		}
		catch (IOException | RuntimeException ex) {
			return failed(message, started,
					(deadline.expired() || ex instanceof SocketTimeoutException) ? timedOut() : describe(ex));
		}
		finally {
			this.deadlines.finished(deadline);
		}
	}

	private void prepare(HttpURLConnection connection, Message message, byte[] body) throws IOException {
		int millis = (int) Math.min(Integer.MAX_VALUE, this.timeout.toMillis());
		connection.setConnectTimeout(millis);
		connection.setReadTimeout(millis);
		connection.setInstanceFollowRedirects(false);
		connection.setUseCaches(false);
		connection.setDoOutput(true);
		connection.setRequestMethod("POST");
		// A streamed body is never sent a second time by the connection on its own.
		connection.setFixedLengthStreamingMode(body.length);
		connection.setRequestProperty("Content-Type", "application/json");
		connection.setRequestProperty("User-Agent", USER_AGENT);
		long timestamp = this.clock.instant().getEpochSecond();
		for (Map.Entry<String, String> header : WebhookSigner
			.headers(message.messageId(), timestamp, body, message.secrets())
			.entrySet()) {
			connection.setRequestProperty(header.getKey(), header.getValue());
		}
	}

	private static String readExcerpt(HttpURLConnection connection, int status, AttemptDeadlines.Open deadline)
			throws IOException {
		InputStream stream = (status < 400) ? connection.getInputStream() : connection.getErrorStream();
		if (stream == null) {
			return "";
		}
		ByteArrayOutputStream start = new ByteArrayOutputStream();
		byte[] buffer = new byte[8192];
		long read = 0;
		try (stream) {
			int count;
			while (read <= READ_LIMIT && !deadline.expired() && (count = stream.read(buffer)) != -1) {
				int keep = (int) Math.max(0, Math.min(count, DeliveryAttempt.EXCERPT_CHARS * 4L - start.size()));
				start.write(buffer, 0, keep);
				read += count;
			}
		}
		if (read > READ_LIMIT || deadline.expired()) {
			connection.disconnect();
		}
		return DeliveryAttempt.excerpt(start.toString(StandardCharsets.UTF_8));
	}

	private static DeliveryAttempt failed(Message message, long started, String error) {
		return new DeliveryAttempt(message.deliveryId(), null, millisSince(started), null, error);
	}

	private static long millisSince(long started) {
		return (System.nanoTime() - started) / 1_000_000;
	}

	private String timedOut() {
		return "Timed out after " + this.timeout.toMillis() + " ms";
	}

	private static String describe(Exception failure) {
		String message = failure.getMessage();
		return failure.getClass().getSimpleName() + ((message != null) ? ": " + message : "");
	}

}
