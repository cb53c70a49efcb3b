package app.provisioning.webhooks;

import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/** The deliveries this instance is sending right now, in all and per endpoint. */
final class InFlight {

	private final Map<UUID, Integer> perEndpoint = new HashMap<>();

	private int total;

	synchronized void add(UUID endpointId) {
		this.perEndpoint.merge(endpointId, 1, Integer::sum);
		this.total++;
	}

	synchronized void remove(UUID endpointId) {
		this.perEndpoint.computeIfPresent(endpointId, (id, count) -> (count > 1) ? count - 1 : null);
		this.total--;
	}

	synchronized int total() {
		return this.total;
	}

	/** A copy the caller may change, for a claim to leave room per endpoint. */
	synchronized Map<UUID, Integer> perEndpoint() {
		return new HashMap<>(this.perEndpoint);
	}

}
