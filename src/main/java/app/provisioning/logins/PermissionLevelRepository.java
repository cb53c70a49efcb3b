package app.provisioning.logins;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.data.jpa.repository.JpaRepository;

interface PermissionLevelRepository extends JpaRepository<PermissionLevel, UUID> {

	List<PermissionLevel> findByAccountIdOrderByRankDesc(UUID accountId);

	Optional<PermissionLevel> findByIdAndAccountId(UUID id, UUID accountId);

}
