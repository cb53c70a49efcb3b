package app.provisioning.account;

import java.util.Map;
import java.util.UUID;

import app.provisioning.support.ScimIntegrationTest;
import app.provisioning.support.ScimResponse;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The operator names an account's first owner; the account always keeps one. */
class AccountMembersTest extends ScimIntegrationTest {

	private static final Map<String, String> JSON = Map.of("Content-Type", "application/json");

	private ScimResponse add(UUID accountId, String body) {
		return admin().send("POST", "/accounts/" + accountId + "/members", body, JSON);
	}

	private ScimResponse setRole(UUID accountId, String memberId, String role) {
		return admin().send("PATCH", "/accounts/" + accountId + "/members/" + memberId, "{\"role\":\"" + role + "\"}",
				JSON);
	}

	@Test
	void membersAreNamedByUserPrincipalNameOrObjectId() {
		UUID account = newTenant().accountId();
		ScimResponse byName = add(account, "{\"userPrincipalName\":\"Alex.Wilber@Contoso.com\",\"role\":\"owner\"}");
		assertThat(byName.status()).as(byName.rawBody()).isEqualTo(201);
		assertThat(byName.body().get("userPrincipalName").asText()).isEqualTo("alex.wilber@contoso.com");
		assertThat(byName.body().get("role").asText()).isEqualTo("owner");
		assertThat(byName.body().get("lastSignInAt").isNull()).isTrue();
		String objectId = UUID.randomUUID().toString();
		ScimResponse byObject = add(account, "{\"objectId\":\"" + objectId + "\",\"role\":\"viewer\"}");
		assertThat(byObject.status()).isEqualTo(201);
		assertThat(byObject.body().get("objectId").asText()).isEqualTo(objectId);
		assertThat(admin().get("/accounts/" + account + "/members").body()).hasSize(2);

		ScimResponse again = add(account, "{\"userPrincipalName\":\"alex.wilber@contoso.COM\",\"role\":\"viewer\"}");
		assertThat(again.status()).isEqualTo(409);
		assertThat(again.body().get("detail").asText()).contains("already a member").contains(byName.id());
		assertThat(add(account, "{\"objectId\":\"" + objectId.toUpperCase() + "\",\"role\":\"owner\"}").status())
			.isEqualTo(409);
		UUID other = newTenant().accountId();
		assertThat(add(other, "{\"objectId\":\"" + objectId + "\",\"role\":\"owner\"}").status()).isEqualTo(201);
	}

	@Test
	void badInvitationsAreClearAndAddNobody() {
		UUID account = newTenant().accountId();
		ScimResponse nobody = add(account, "{\"role\":\"owner\"}");
		assertThat(nobody.status()).isEqualTo(400);
		assertThat(nobody.body().get("detail").asText()).contains("objectId").contains("userPrincipalName");
		assertThat(nobody.errorPointers()).as("no single field is to blame").containsExactly((String) null);
		assertThat(nobody.rawBody()).doesNotContain("\"pointer\"");
		ScimResponse badObject = add(account, "{\"objectId\":\"alex\",\"role\":\"owner\"}");
		assertThat(badObject.status()).isEqualTo(400);
		assertThat(badObject.body().get("detail").asText()).contains("GUID");
		ScimResponse badName = add(account, "{\"userPrincipalName\":\"Alex Wilber\",\"role\":\"owner\"}");
		assertThat(badName.status()).isEqualTo(400);
		assertThat(badName.body().get("detail").asText()).contains("alex@contoso.com");
		ScimResponse badRole = add(account, "{\"userPrincipalName\":\"alex@contoso.com\",\"role\":\"admin\"}");
		assertThat(badRole.status()).isEqualTo(400);
		assertThat(badRole.body().get("detail").asText()).contains("viewer, administrator, owner");
		ScimResponse noRole = add(account, "{\"userPrincipalName\":\"alex@contoso.com\"}");
		assertThat(noRole.status()).isEqualTo(400);
		ScimResponse badObjectAndRole = add(account, "{\"objectId\":\"alex\",\"role\":\"admin\"}");
		assertThat(badObjectAndRole.status()).isEqualTo(400);
		assertThat(badObjectAndRole.errorPointers()).containsExactly("/objectId", "/role");
		assertThat(badObjectAndRole.errorDetails().get(1)).contains("viewer, administrator, owner");
		assertThat(admin().get("/accounts/" + account + "/members").body()).isEmpty();
		assertThat(add(UUID.randomUUID(), "{\"userPrincipalName\":\"alex@contoso.com\",\"role\":\"owner\"}").status())
			.isEqualTo(404);
	}

	@Test
	void theLastOwnerCannotLeaveOrBeDemoted() {
		UUID account = newTenant().accountId();
		String first = add(account, "{\"userPrincipalName\":\"first@contoso.com\",\"role\":\"owner\"}").id();
		ScimResponse demoted = setRole(account, first, "administrator");
		assertThat(demoted.status()).isEqualTo(409);
		assertThat(demoted.body().get("detail").asText()).contains("last owner");
		ScimResponse removed = admin().delete("/accounts/" + account + "/members/" + first);
		assertThat(removed.status()).isEqualTo(409);

		String second = add(account, "{\"userPrincipalName\":\"second@contoso.com\",\"role\":\"administrator\"}").id();
		assertThat(setRole(account, second, "owner").status()).isEqualTo(200);
		assertThat(setRole(account, first, "viewer").body().get("role").asText()).isEqualTo("viewer");
		assertThat(admin().delete("/accounts/" + account + "/members/" + first).status()).isEqualTo(200);
		assertThat(admin().delete("/accounts/" + account + "/members/" + second).status()).isEqualTo(409);
		assertThat(admin().get("/accounts/" + account + "/members").body()).hasSize(1);
		assertThat(admin().delete("/accounts/" + account + "/members/" + first).status()).isEqualTo(404);
	}

	@Test
	void onlyOwnersChangeMembers() {
		UUID account = newTenant().accountId();
		add(account, "{\"userPrincipalName\":\"owner@contoso.com\",\"role\":\"owner\"}");
		ScimResponse issued = admin().send("POST", "/accounts/" + account + "/api-keys", "{\"role\":\"administrator\"}",
				JSON);
		var administrator = admin().withToken(issued.body().get("key").asText());
		assertThat(administrator.get("/accounts/" + account + "/members").body()).hasSize(1);
		ScimResponse refused = administrator.send("POST", "/accounts/" + account + "/members",
				"{\"userPrincipalName\":\"me@contoso.com\",\"role\":\"owner\"}", JSON);
		assertThat(refused.status()).isEqualTo(403);
		assertThat(refused.body().get("detail").asText()).contains("owner role");
		assertThat(admin().get("/accounts/" + account + "/members").body()).hasSize(1);
	}

}
