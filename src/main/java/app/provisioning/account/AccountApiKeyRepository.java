package app.provisioning.account;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;

interface AccountApiKeyRepository extends JpaRepository<AccountApiKey, UUID> {

	Optional<AccountApiKey> findByKeyHash(byte[] keyHash);

	List<AccountApiKey> findByAccountIdOrderByCreatedAt(UUID accountId);

	Optional<AccountApiKey> findByIdAndAccountId(UUID id, UUID accountId);

	@Modifying
	@Query("update AccountApiKey k set k.lastUsedAt = ?2 where k.id = ?1")
	void recordUse(UUID id, Instant when);

	@Modifying
	@Query("update AccountApiKey k set k.revokedAt = ?3 where k.accountId = ?1 and k.issuedByObjectId = ?2"
			+ " and k.revokedAt is null")
	int revokeIssuedBy(UUID accountId, UUID objectId, Instant when);

}
