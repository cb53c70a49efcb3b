package app.provisioning.account;

import java.time.Clock;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Quick start: with {@code SCIM_BOOTSTRAP_TOKEN} set, make sure an account named
 * {@value #ACCOUNT_NAME} exists whose SCIM bearer token is that value. Changing the
 * variable replaces the previous bootstrap token, so an old value stops working.
 */
@Component
class BootstrapAccount implements SmartInitializingSingleton {

	static final String ACCOUNT_NAME = "default";

	static final String CREDENTIAL_LABEL = "bootstrap (SCIM_BOOTSTRAP_TOKEN)";

	private static final Logger log = LoggerFactory.getLogger(BootstrapAccount.class);

	private final AccountRepository accounts;

	private final ScimCredentialRepository credentials;

	private final Clock clock;

	private final String bootstrapToken;

	BootstrapAccount(AccountRepository accounts, ScimCredentialRepository credentials, Clock clock,
			@Value("${provisioning.scim.bootstrap-token:}") String bootstrapToken) {
		this.accounts = accounts;
		this.credentials = credentials;
		this.clock = clock;
		this.bootstrapToken = bootstrapToken;
	}

	/**
	 * Before the web server starts, so the very first request can already use the
	 * bootstrap value.
	 */
	@Override
	@Transactional
	public void afterSingletonsInstantiated() {
		if (this.bootstrapToken == null || this.bootstrapToken.isBlank()) {
			log.info(
					"SCIM_BOOTSTRAP_TOKEN is not set: no bootstrap account; every SCIM request needs a token issued for an account");
			return;
		}
		if (this.bootstrapToken.length() < 16) {
			log.warn(
					"SCIM_BOOTSTRAP_TOKEN is shorter than 16 characters: fine for a local try-out, too weak for anything else");
		}
		Account account = this.accounts.findByNameIgnoreCase(ACCOUNT_NAME)
			.orElseGet(() -> this.accounts.save(new Account(ACCOUNT_NAME, this.clock.instant())));
		byte[] hash = TokenHasher.hash(this.bootstrapToken);
		var existing = this.credentials.findByAccountIdAndLabel(account.getId(), CREDENTIAL_LABEL);
		if (existing.size() == 1 && TokenHasher.sameHash(hash, existing.get(0).getTokenHash())) {
			log.info("Bootstrap account '{}' is ready; SCIM base path /scim/v2", ACCOUNT_NAME);
			return;
		}
		this.credentials.deleteAll(existing);
		this.credentials.flush();
		this.credentials.save(new ScimCredential(account.getId(), CREDENTIAL_LABEL, hash, this.clock.instant(), null));
		log.info("Bootstrap account '{}' now accepts the token from SCIM_BOOTSTRAP_TOKEN; SCIM base path /scim/v2",
				ACCOUNT_NAME);
	}

}
