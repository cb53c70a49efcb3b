package app.provisioning.webhooks;

import java.util.List;
import java.util.UUID;

import app.provisioning.mapping.feed.FeedEvent;

/**
 * An endpoint one sender holds the lease of, and how far it has followed its account's
 * change feed.
 *
 * @param owner the holder of the lease: one per sending thread, so two threads never
 * share an endpoint
 */
record EndpointStream(UUID id, UUID accountId, List<String> types, long position, String url,
		List<WebhookSecret> secrets, UUID owner) {

	boolean wants(FeedEvent event) {
		return this.types.isEmpty() || this.types.contains(event.type());
	}

	EndpointStream at(long reached) {
		return new EndpointStream(this.id, this.accountId, this.types, Math.max(this.position, reached), this.url,
				this.secrets, this.owner);
	}

}
