package app.provisioning.account;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import jakarta.persistence.LockModeType;

import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Lock;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;

interface AdminKeyRepository extends JpaRepository<AdminKey, UUID> {

	Optional<AdminKey> findByKeyHash(byte[] keyHash);

	List<AdminKey> findByLabel(String label);

	List<AdminKey> findAllByOrderByCreatedAt();

	/**
	 * All keys, locked: two administrators revoking at once cannot both remove the last
	 * usable key.
	 */
	@Lock(LockModeType.PESSIMISTIC_WRITE)
	@Query("select k from AdminKey k")
	List<AdminKey> findAllLocked();

	@Modifying
	@Query("update AdminKey k set k.lastUsedAt = ?2 where k.id = ?1")
	void recordUse(UUID id, Instant when);

}
