package app.provisioning.webhooks;

import java.io.IOException;
import java.io.InputStream;
import java.io.ByteArrayOutputStream;
import java.net.ConnectException;
import java.net.InetAddress;
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

import org.apache.hc.client5.http.ConnectTimeoutException;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * Sends one signed delivery over HTTP and says what came back; never throws.
 * <p>
 * Each open request has a thread of its own that blocks on the socket: the pipeline never
 * has more than {@code max-in-flight} requests open, and blocking I/O costs the least CPU
 * per request. Measured against one local receiver, 32 requests at a time, client process
 * CPU per request: the JDK's asynchronous {@code HttpClient} 350–550 µs,
 * {@code HttpURLConnection} 66–90 µs (it writes the headers and the body apart, which
 * also stalls a lone request on the receiver's delayed acknowledgement), Apache
 * HttpClient 35–41 µs.
 */
@Component
class WebhookSender implements DisposableBean {

	static final String USER_AGENT = "Entra-Provisioning-Webhooks/1.0";

	// How much of a receiver's answer is read: a short answer is read to its end, so the
	// connection can be used again; a longer one is cut off, which closes the connection.
	private static final int READ_LIMIT = 64 * 1024;

	private static final ContentType JSON = ContentType.create("application/json");

	private final Duration timeout;

	private final EndpointAddressPolicy policy;

	private final Clock clock;

	private final ThreadPoolExecutor requests;

	private final AttemptDeadlines deadlines;

	private final CloseableHttpClient client;

	WebhookSender(WebhooksProperties properties, EndpointAddressPolicy policy, Clock clock) {
		this.timeout = properties.requestTimeout();
		this.policy = policy;
		this.clock = clock;
		int threads = properties.maxInFlight();
		this.requests = new ThreadPoolExecutor(threads, threads, 60, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
				daemons("webhook-send-"));
		this.requests.allowCoreThreadTimeOut(true);
		this.deadlines = new AttemptDeadlines(this.timeout);
		this.client = DeliveryClient.create(properties);
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
		try {
			this.client.close();
		}
		catch (IOException ex) {
			// Stopping: the connections go with the process.
		}
	}

	private DeliveryAttempt attempt(Message message) {
		long started = System.nanoTime();
		URI uri;
		List<InetAddress> addresses;
		HttpPost request;
		try {
			uri = URI.create(message.url());
			// Checked again now: the name may resolve elsewhere than when it was
			// registered.
			addresses = this.policy.checkAtDelivery(uri);
			request = request(uri, message);
		}
		catch (RefusedEndpointException | IllegalArgumentException ex) {
			return new DeliveryAttempt(message.deliveryId(), null, 0, null, "Refused: " + ex.getMessage());
		}
		AttemptDeadlines.Open deadline = this.deadlines.started(request::cancel);
		try {
			return CheckedAddresses.connectingTo(uri.getHost(), addresses,
					() -> exchange(message, request, deadline, started));
		}
		catch (IOException | RuntimeException ex) {
			return failed(message, started, (deadline.expired() || ex instanceof SocketTimeoutException
					|| ex instanceof ConnectTimeoutException) ? timedOut() : describe(ex));
		}
		finally {
			this.deadlines.finished(deadline);
		}
	}

	private HttpPost request(URI uri, Message message) {
		byte[] body = message.payload().getBytes(StandardCharsets.UTF_8);
		HttpPost request = new HttpPost(uri);
		request.setHeader("User-Agent", USER_AGENT);
		long timestamp = this.clock.instant().getEpochSecond();
		for (Map.Entry<String, String> header : WebhookSigner
			.headers(message.messageId(), timestamp, body, message.secrets())
			.entrySet()) {
			request.setHeader(header.getKey(), header.getValue());
		}
		request.setEntity(new ByteArrayEntity(body, JSON));
		return request;
	}

	private DeliveryAttempt exchange(Message message, HttpPost request, AttemptDeadlines.Open deadline, long started)
			throws IOException {
		ClassicHttpResponse response = this.client.executeOpen(null, request, null);
		boolean whole = false;
		try {
			int status = response.getCode();
			Excerpt excerpt = readExcerpt(response.getEntity(), deadline);
			whole = excerpt.whole();
			if (deadline.expired()) {
				return failed(message, started, timedOut());
			}
			return new DeliveryAttempt(message.deliveryId(), status, millisSince(started), excerpt.text(), null);
		}
		finally {
			if (whole) {
				// Read to its end: the connection went back to the pool for the next
				// delivery.
				response.close();
			}
			else {
				// Closing would read the rest of a long or trickling answer first.
				request.cancel();
			}
		}
	}

	private record Excerpt(String text, boolean whole) {
	}

	private static Excerpt readExcerpt(HttpEntity entity, AttemptDeadlines.Open deadline) throws IOException {
		if (entity == null) {
			return new Excerpt("", true);
		}
		ByteArrayOutputStream start = new ByteArrayOutputStream();
		byte[] buffer = new byte[8192];
		long read = 0;
		boolean ended = false;
		InputStream stream = entity.getContent();
		while (read <= READ_LIMIT && !deadline.expired()) {
			int count = stream.read(buffer);
			if (count == -1) {
				ended = true;
				break;
			}
			int keep = (int) Math.max(0, Math.min(count, DeliveryAttempt.EXCERPT_CHARS * 4L - start.size()));
			start.write(buffer, 0, keep);
			read += count;
		}
		return new Excerpt(DeliveryAttempt.excerpt(start.toString(StandardCharsets.UTF_8)), ended);
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

	// Named by the JDK's kind of failure where there is one (ConnectException,
	// UnknownHostException, SSLHandshakeException…), which an administrator can look up.
	private static String describe(Exception failure) {
		String message = failure.getMessage();
		String kind = (failure instanceof ConnectException) ? ConnectException.class.getSimpleName()
				: failure.getClass().getSimpleName();
		return kind + ((message != null) ? ": " + message : "");
	}

}
