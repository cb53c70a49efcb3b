package app.provisioning.account;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.data.jpa.repository.JpaRepository;

interface ScimCredentialRepository extends JpaRepository<ScimCredential, UUID> {

	Optional<ScimCredential> findByTokenHash(byte[] tokenHash);

	List<ScimCredential> findByAccountIdAndLabel(UUID accountId, String label);

}
