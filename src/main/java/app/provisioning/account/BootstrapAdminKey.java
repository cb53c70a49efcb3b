package app.provisioning.account;

import java.time.Clock;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * First use: with {@code ADMIN_BOOTSTRAP_KEY} set, that value is an admin key of the
 * administration API. Changing the variable replaces the previous bootstrap key.
 */
@Component
class BootstrapAdminKey implements SmartInitializingSingleton {

	static final String LABEL = "bootstrap (ADMIN_BOOTSTRAP_KEY)";

	private static final Logger log = LoggerFactory.getLogger(BootstrapAdminKey.class);

	private final AdminKeyRepository keys;

	private final Clock clock;

	private final String bootstrapKey;

	BootstrapAdminKey(AdminKeyRepository keys, Clock clock,
			@Value("${provisioning.admin.bootstrap-key:}") String bootstrapKey) {
		this.keys = keys;
		this.clock = clock;
		this.bootstrapKey = bootstrapKey;
	}

	/**
	 * Before the web server starts, so the very first request can already use the
	 * bootstrap value.
	 */
	@Override
	@Transactional
	public void afterSingletonsInstantiated() {
		if (this.bootstrapKey == null || this.bootstrapKey.isBlank()) {
			if (this.keys.findAll().stream().noneMatch(AdminKey::isUsable)) {
				log.warn("No admin key exists and ADMIN_BOOTSTRAP_KEY is not set: the administration API under /api"
						+ " cannot be used until you set ADMIN_BOOTSTRAP_KEY and restart");
			}
			return;
		}
		if (this.bootstrapKey.length() < 16) {
			log.warn(
					"ADMIN_BOOTSTRAP_KEY is shorter than 16 characters: fine for a local try-out, too weak for anything else");
		}
		byte[] hash = TokenHasher.hash(this.bootstrapKey);
		var sameKey = this.keys.findByKeyHash(hash);
		if (sameKey.isPresent()) {
			if (!sameKey.get().isUsable()) {
				log.warn("ADMIN_BOOTSTRAP_KEY holds a key that was revoked; it stays revoked. Set a new value");
			}
			return;
		}
		var existing = this.keys.findByLabel(LABEL);
		this.keys.deleteAll(existing);
		this.keys.flush();
		this.keys.save(new AdminKey(LABEL, hash, this.clock.instant()));
		log.info("The administration API under /api accepts the key from ADMIN_BOOTSTRAP_KEY");
	}

}
