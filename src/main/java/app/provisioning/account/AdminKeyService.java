package app.provisioning.account;

import java.time.Clock;
import java.util.List;
import java.util.UUID;

import app.provisioning.platform.Refusal;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Keys of the administration API. */
@Service
public class AdminKeyService {

	private final AdminKeyRepository keys;

	private final Clock clock;

	AdminKeyService(AdminKeyRepository keys, Clock clock) {
		this.keys = keys;
		this.clock = clock;
	}

	/** A key as issued: {@code key} is the only copy of the secret that ever exists. */
	public record IssuedKey(AdminKey adminKey, String key) {
	}

	@Transactional
	public IssuedKey issue(String label) {
		String name = (label == null || label.isBlank()) ? "admin key" : label.trim();
		String key = Secrets.generate();
		return new IssuedKey(this.keys.save(new AdminKey(name, TokenHasher.hash(key),
				this.clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MICROS))), key);
	}

	@Transactional(readOnly = true)
	public List<AdminKey> list() {
		return this.keys.findAllByOrderByCreatedAt();
	}

	/**
	 * Revokes a key, unless it is the last usable one: that would lock every
	 * administrator out.
	 */
	@Transactional
	public AdminKey revoke(UUID id) {
		List<AdminKey> all = this.keys.findAllLocked();
		AdminKey key = all.stream()
			.filter((candidate) -> candidate.getId().equals(id))
			.findFirst()
			.orElseThrow(() -> Refusal.notFound("Admin key " + id));
		long usable = all.stream().filter(AdminKey::isUsable).count();
		if (key.isUsable() && usable <= 1) {
			throw Refusal.conflict("This is the last usable admin key; issue another before revoking it");
		}
		key.revoke(this.clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MICROS));
		return key;
	}

}
