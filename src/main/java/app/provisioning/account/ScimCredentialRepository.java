package app.provisioning.account;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;

interface ScimCredentialRepository extends JpaRepository<ScimCredential, UUID> {

	Optional<ScimCredential> findByTokenHash(byte[] tokenHash);

	List<ScimCredential> findByAccountIdAndLabel(UUID accountId, String label);

	List<ScimCredential> findByAccountIdOrderByCreatedAt(UUID accountId);

	Optional<ScimCredential> findByIdAndAccountId(UUID id, UUID accountId);

	@Modifying
	@Query("update ScimCredential c set c.lastUsedAt = ?2 where c.id = ?1")
	void recordUse(UUID id, Instant when);

}
