package app.provisioning.account.oauth;

import java.time.Duration;
import java.util.Optional;
import java.util.stream.Stream;

import app.provisioning.account.FailureLimiter;

import org.springframework.stereotype.Component;

/**
 * Slows down secret guessing at the token endpoint: after ten failed attempts within a
 * minute for one client ID, or fifty from one address (a proxy may front several
 * customers), further attempts are refused with 429 until the bucket refills. Successful
 * requests cost nothing.
 */
@Component
class FailedClientAttempts {

	private final FailureLimiter clients = new FailureLimiter(10);

	private final FailureLimiter addresses = new FailureLimiter(50);

	Optional<Duration> blockedFor(String clientId, String remoteAddress) {
		return Stream.of(this.clients.blockedFor(clientId), this.addresses.blockedFor(remoteAddress))
			.flatMap(Optional::stream)
			.max(Duration::compareTo);
	}

	void record(String clientId, String remoteAddress) {
		this.clients.recordFailure(clientId);
		this.addresses.recordFailure(remoteAddress);
	}

}
