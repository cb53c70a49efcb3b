package app.provisioning.webhooks;

import java.io.ByteArrayOutputStream;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/**
 * Keeps the start of a receiver's answer for the delivery log, whatever its size: the body is
 * read up to {@link #LIMIT} bytes (so a short answer leaves the connection reusable) and a
 * longer one is cut off, which closes the connection. Never blocks a thread.
 */
final class ExcerptSubscriber implements HttpResponse.BodySubscriber<String> {

	static final int LIMIT = 64 * 1024;

	private final ByteArrayOutputStream start = new ByteArrayOutputStream();

	private final CompletableFuture<String> body = new CompletableFuture<>();

	private Flow.Subscription subscription;

	private long read;

	@Override
	public CompletionStage<String> getBody() {
		return this.body;
	}

	@Override
	public void onSubscribe(Flow.Subscription subscription) {
		this.subscription = subscription;
		subscription.request(1);
	}

	@Override
	public void onNext(List<ByteBuffer> buffers) {
		for (ByteBuffer buffer : buffers) {
			int keep = (int) Math.max(0, Math.min(buffer.remaining(), DeliveryAttempt.EXCERPT_CHARS * 4L - this.start.size()));
			byte[] bytes = new byte[keep];
			buffer.get(bytes);
			this.start.writeBytes(bytes);
			this.read += keep + buffer.remaining();
		}
		if (this.read > LIMIT) {
			this.subscription.cancel();
			complete();
			return;
		}
		this.subscription.request(1);
	}

	@Override
	public void onError(Throwable failure) {
		this.body.completeExceptionally(failure);
	}

	@Override
	public void onComplete() {
		complete();
	}

	private void complete() {
		this.body.complete(this.start.toString(StandardCharsets.UTF_8));
	}

}
