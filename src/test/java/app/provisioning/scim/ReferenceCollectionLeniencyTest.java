package app.provisioning.scim;

import app.provisioning.support.ScimClient;
import app.provisioning.support.ScimIntegrationTest;
import app.provisioning.support.ScimResponse;
import org.junit.jupiter.api.Test;

import static app.provisioning.support.ScimClient.q;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Requests of Microsoft's reference SCIM test collection that depart from the RFC: the
 * collections with a trailing slash ({@code /Users/}, {@code /Groups/}) are the
 * collections.
 */
class ReferenceCollectionLeniencyTest extends ScimIntegrationTest {

	@Test
	void theCollectionsAnswerWithATrailingSlashToo() {
		ScimClient scim = newTenant();
		ScimResponse created = scim.post("/Users/", userBody("alex@contoso.com"));
		assertThat(created.status()).as(created.rawBody()).isEqualTo(201);
		ScimResponse found = scim.get("/Users/?filter=" + q("userName eq \"alex@contoso.com\""));
		assertThat(found.status()).isEqualTo(200);
		assertThat(found.body().get("totalResults").asInt()).isEqualTo(1);
		assertThat(scim.post("/Groups/", groupBody("Sales")).status()).isEqualTo(201);
		assertThat(scim.get("/Groups/").body().get("totalResults").asInt()).isEqualTo(1);
		assertThat(scim.get("/Users/" + created.id() + "/").status()).isEqualTo(404);
	}

}
