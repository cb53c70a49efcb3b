package app.provisioning.account;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

import jakarta.persistence.LockModeType;

import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Lock;
import org.springframework.data.jpa.repository.Query;

interface AccountMemberRepository extends JpaRepository<AccountMember, UUID> {

	List<AccountMember> findByAccountIdOrderByCreatedAt(UUID accountId);

	/**
	 * The account's members, locked: two owners leaving at once cannot leave the account
	 * without one.
	 */
	@Lock(LockModeType.PESSIMISTIC_WRITE)
	@Query("select m from AccountMember m where m.accountId = ?1 order by m.createdAt")
	List<AccountMember> findByAccountIdLocked(UUID accountId);

	Optional<AccountMember> findByIdAndAccountId(UUID id, UUID accountId);

}
