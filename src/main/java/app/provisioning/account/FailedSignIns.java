package app.provisioning.account;

import java.time.Duration;
import java.util.Optional;

import org.springframework.stereotype.Component;

/**
 * Limits guessing at the administration pages' sign-in: after ten failed sign-ins within
 * a minute from one address, that address may try once more every six seconds. Unlike the
 * token endpoint, a blocked address is refused even with the right key, because the
 * bootstrap admin key is chosen by a person and may be short: answering it would let
 * guessing go on.
 */
@Component
public class FailedSignIns {

	static final int FAILURES_PER_ADDRESS_PER_MINUTE = 10;

	private final FailureLimiter addresses = new FailureLimiter(FAILURES_PER_ADDRESS_PER_MINUTE);

	public Optional<Duration> blockedFor(String remoteAddress) {
		return this.addresses.blockedFor(remoteAddress);
	}

	public void record(String remoteAddress) {
		this.addresses.recordFailure(remoteAddress);
	}

}
