package app.provisioning.account;

import java.util.Optional;
import java.util.UUID;

import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;

public interface AccountRepository extends JpaRepository<Account, UUID> {

	@Query("select a from Account a where lower(a.name) = lower(?1)")
	Optional<Account> findByNameIgnoreCase(String name);

	@Query("select a from Account a where lower(a.entraTenantId) = lower(?1)")
	Optional<Account> findByEntraTenantId(String tenantId);

}
