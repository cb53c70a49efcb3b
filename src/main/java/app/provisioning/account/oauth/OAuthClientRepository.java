package app.provisioning.account.oauth;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.data.jpa.repository.JpaRepository;

interface OAuthClientRepository extends JpaRepository<OAuthClient, UUID> {

	Optional<OAuthClient> findByClientId(String clientId);

	List<OAuthClient> findByAccountIdOrderByCreatedAt(UUID accountId);

	Optional<OAuthClient> findByIdAndAccountId(UUID id, UUID accountId);

}
