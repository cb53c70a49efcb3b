package app.provisioning.scim;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

import app.provisioning.support.ScimClient;
import app.provisioning.support.ScimIntegrationTest;
import app.provisioning.support.ScimResponse;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class GroupMembershipTest extends ScimIntegrationTest {

	private static List<String> memberIds(JsonNode group) {
		List<String> ids = new ArrayList<>();
		if (group.has("members")) {
			group.get("members").forEach((member) -> ids.add(member.get("value").asText()));
		}
		return ids;
	}

	@Test
	void addMemberPatchAnswers204AndIsIdempotent() {
		ScimClient scim = newTenant();
		String user = scim.post("/Users", userBody("member@contoso.com")).id();
		String group = scim.post("/Groups", groupBody("Sales")).id();
		String add = patchBody(
				"[{\"op\":\"Add\",\"path\":\"members\",\"value\":[{\"$ref\":null,\"value\":\"" + user + "\"}]}]");
		String before = scim.get("/Groups/" + group).header("ETag");
		ScimResponse added = scim.patch("/Groups/" + group, add);
		assertThat(added.status()).isEqualTo(204);
		assertThat(added.header("ETag")).as("a new member is a new version").isNotEqualTo(before);
		ScimResponse again = scim.patch("/Groups/" + group, add);
		assertThat(again.status()).isEqualTo(204);
		assertThat(again.header("ETag")).as("adding a member twice changes nothing").isEqualTo(added.header("ETag"));
		assertThat(scim.get("/Groups/" + group).header("ETag")).isEqualTo(added.header("ETag"));
		JsonNode read = scim.get("/Groups/" + group).body();
		assertThat(memberIds(read)).containsExactly(user);
		assertThat(read.at("/members/0/type").asText()).isEqualTo("User");
		assertThat(read.at("/members/0/$ref").asText()).endsWith("/Users/" + user);
	}

	@Test
	void legacyRemoveWithValueRemovesOnlyListedMember() {
		ScimClient scim = newTenant();
		String a = scim.post("/Users", userBody("a@contoso.com")).id();
		String b = scim.post("/Users", userBody("b@contoso.com")).id();
		String c = scim.post("/Users", userBody("c@contoso.com")).id();
		String group = scim.post("/Groups", groupBody("Legacy")).id();
		scim.patch("/Groups/" + group, patchBody("[{\"op\":\"Add\",\"path\":\"members\",\"value\":[{\"value\":\"" + a
				+ "\"},{\"value\":\"" + b + "\"},{\"value\":\"" + c + "\"}]}]"));
		ScimResponse removed = scim.patch("/Groups/" + group,
				patchBody("[{\"op\":\"Remove\",\"path\":\"members\",\"value\":[{\"value\":\"" + b + "\"}]}]"));
		assertThat(removed.status()).isEqualTo(204);
		assertThat(memberIds(scim.get("/Groups/" + group).body())).containsExactlyInAnyOrder(a, c);
		scim.patch("/Groups/" + group,
				patchBody("[{\"op\":\"remove\",\"path\":\"members[value eq \\\"" + a + "\\\"]\"}]"));
		assertThat(memberIds(scim.get("/Groups/" + group).body())).containsExactly(c);
	}

	@Test
	void addingUnknownMemberIs400AndLeavesGroupUnchanged() {
		ScimClient scim = newTenant();
		String known = scim.post("/Users", userBody("known@contoso.com")).id();
		String group = scim.post("/Groups", groupBody("Strict")).id();
		ScimResponse response = scim.patch("/Groups/" + group,
				patchBody("[{\"op\":\"Replace\",\"path\":\"displayName\",\"value\":\"Renamed\"},"
						+ "{\"op\":\"Add\",\"path\":\"members\",\"value\":[{\"value\":\"" + known
						+ "\"},{\"value\":\"f648f8d5ea4e4cd38e9c\"}]}]"));
		assertThat(response.status()).isEqualTo(400);
		assertThat(response.body().get("scimType").asText()).isEqualTo("invalidValue");
		assertThat(response.body().get("detail").asText()).contains("f648f8d5ea4e4cd38e9c");
		JsonNode read = scim.get("/Groups/" + group).body();
		assertThat(read.get("displayName").asText()).isEqualTo("Strict");
		assertThat(memberIds(read)).isEmpty();
	}

	@Test
	void entraShapedAddWithOneUnknownMemberAddsNoneAndAnUnknownGroupIs404() {
		ScimClient scim = newTenant();
		String known = scim.post("/Users", userBody("known-one@contoso.com")).id();
		String group = scim.post("/Groups", groupBody("All or nothing")).id();
		String missing = java.util.UUID.randomUUID().toString();
		String add = patchBody("[{\"op\":\"Add\",\"path\":\"members\",\"value\":[{\"value\":\"" + known
				+ "\"},{\"value\":\"" + missing + "\"}]}]");
		ScimResponse refused = scim.patch("/Groups/" + group, add);
		assertThat(refused.status()).isEqualTo(400);
		assertThat(refused.body().get("detail").asText()).contains(missing).doesNotContain(known);
		assertThat(memberIds(scim.get("/Groups/" + group).body())).as("the known member was not added either")
			.isEmpty();
		ScimResponse noGroup = scim.patch("/Groups/" + java.util.UUID.randomUUID(), add);
		assertThat(noGroup.status()).as("an unknown group is 404 before its members are judged").isEqualTo(404);
	}

	@Test
	void memberOfAnotherAccountCannotBeAdded() {
		ScimClient mine = newTenant();
		ScimClient theirs = newTenant();
		String theirUser = theirs.post("/Users", userBody("theirs@fabrikam.com")).id();
		String group = mine.post("/Groups", groupBody("Mine")).id();
		ScimResponse response = mine.patch("/Groups/" + group,
				patchBody("[{\"op\":\"Add\",\"path\":\"members\",\"value\":[{\"value\":\"" + theirUser + "\"}]}]"));
		assertThat(response.status()).isEqualTo(400);
		assertThat(memberIds(mine.get("/Groups/" + group).body())).isEmpty();
	}

	@Test
	void excludedMembersAreNeverReturnedAndMembershipProbeFindsTheGroup() {
		ScimClient scim = newTenant();
		String user = scim.post("/Users", userBody("probe@contoso.com")).id();
		String group = scim.post("/Groups", groupBody("Probe")).id();
		scim.patch("/Groups/" + group,
				patchBody("[{\"op\":\"Add\",\"path\":\"members\",\"value\":[{\"value\":\"" + user + "\"}]}]"));
		JsonNode excluded = scim.get("/Groups/" + group + "?excludedAttributes=members").body();
		assertThat(excluded.has("members")).isFalse();
		assertThat(excluded.get("displayName").asText()).isEqualTo("Probe");
		ScimResponse probe = scim.get("/Groups?excludedAttributes=members&filter="
				+ ScimClient.q("id eq \"" + group + "\" and members[value eq \"" + user + "\"]"));
		assertThat(probe.body().get("totalResults").asInt()).isEqualTo(1);
		assertThat(probe.body().at("/Resources/0").has("members")).isFalse();
		ScimResponse byName = scim
			.get("/Groups?excludedAttributes=members&filter=" + ScimClient.q("displayName eq \"probe\""));
		assertThat(byName.body().get("totalResults").asInt()).isEqualTo(1);
	}

	@Test
	void deletedUserLeavesItsGroups() {
		ScimClient scim = newTenant();
		String user = scim.post("/Users", userBody("leaver@contoso.com")).id();
		String group = scim.post("/Groups", groupBody("Leavers")).id();
		scim.patch("/Groups/" + group,
				patchBody("[{\"op\":\"Add\",\"path\":\"members\",\"value\":[{\"value\":\"" + user + "\"}]}]"));
		scim.delete("/Users/" + user);
		assertThat(memberIds(scim.get("/Groups/" + group).body())).isEmpty();
	}

	@Test
	void groupDisplayNameIsUniqueIgnoringCaseAndDeleteHidesGroup() {
		ScimClient scim = newTenant();
		String group = scim.post("/Groups", groupBody("Finance")).id();
		ScimResponse duplicate = scim.post("/Groups", groupBody("FINANCE"));
		assertThat(duplicate.status()).isEqualTo(409);
		assertThat(duplicate.body().get("scimType").asText()).isEqualTo("uniqueness");
		assertThat(scim.delete("/Groups/" + group).status()).isEqualTo(204);
		assertThat(scim.get("/Groups/" + group).status()).isEqualTo(404);
		String again = scim.post("/Groups", groupBody("Finance")).id();
		assertThat(scim.delete("/Groups/" + again).status()).isEqualTo(204);
		ScimResponse third = scim.post("/Groups", groupBody("Finance"));
		assertThat(third.status()).as("two deleted groups of one displayName do not collide").isEqualTo(201);
		assertThat(scim.get("/Groups?filter=" + ScimClient.q("displayName eq \"finance\"")).body().get("Resources"))
			.extracting((found) -> found.get("id").asText())
			.containsExactly(third.id());
	}

	@Test
	void putReplacesMembersAndAttributes() {
		ScimClient scim = newTenant();
		String a = scim.post("/Users", userBody("put-a@contoso.com")).id();
		String b = scim.post("/Users", userBody("put-b@contoso.com")).id();
		String group = scim.post("/Groups", "{\"displayName\":\"Put\",\"members\":[{\"value\":\"" + a + "\"}]}").id();
		ScimResponse replaced = scim.put("/Groups/" + group,
				"{\"displayName\":\"Put 2\",\"externalId\":\"x1\",\"members\":[{\"value\":\"" + b + "\"}]}");
		assertThat(replaced.status()).isEqualTo(200);
		assertThat(memberIds(replaced.body())).containsExactly(b);
		assertThat(replaced.body().get("displayName").asText()).isEqualTo("Put 2");
	}

	@Test
	void patchWithAttributesParameterAnswers200WithThem() {
		ScimClient scim = newTenant();
		String user = scim.post("/Users", userBody("attrs@contoso.com")).id();
		String group = scim.post("/Groups", groupBody("Attrs")).id();
		ScimResponse response = scim.patch("/Groups/" + group + "?attributes=members,displayName",
				patchBody("[{\"op\":\"Add\",\"path\":\"members\",\"value\":[{\"value\":\"" + user + "\"}]}]"));
		assertThat(response.status()).isEqualTo(200);
		assertThat(memberIds(response.body())).containsExactly(user);
	}

	@Test
	void largeGroupMembershipPatchesTouchOnlyNamedMembers() {
		ScimClient scim = newTenant();
		String group = scim.post("/Groups", groupBody("Big")).id();
		int size = 2000;
		List<String> ids = new ArrayList<>();
		this.jdbcTemplate.execute(
				"insert into scim_user (id, account_id, user_name, active, attributes, version, created_at, last_modified)"
						+ " select gen_random_uuid(), '" + scim.accountId() + "', 'bulk' || g || '@contoso.com', true,"
						+ " jsonb_build_object('userName', 'bulk' || g || '@contoso.com', 'active', true), 1, now(), now()"
						+ " from generate_series(1, " + size + ") g");
		this.jdbcTemplate.query("select id from scim_user where account_id = ?::uuid", (rs) -> {
			ids.add(rs.getString(1));
		}, scim.accountId().toString());
		StringBuilder values = new StringBuilder();
		for (String id : ids) {
			values.append(values.isEmpty() ? "" : ",").append("{\"value\":\"").append(id).append("\"}");
		}
		assertThat(scim
			.patch("/Groups/" + group, patchBody("[{\"op\":\"Add\",\"path\":\"members\",\"value\":[" + values + "]}]"))
			.status()).isEqualTo(204);
		assertThat(scim
			.patch("/Groups/" + group,
					patchBody("[{\"op\":\"Remove\",\"path\":\"members\",\"value\":[{\"value\":\"" + ids.get(0)
							+ "\"}]}]"))
			.status()).isEqualTo(204);
		JsonNode read = scim.get("/Groups/" + group).body();
		assertThat(read.get("members")).hasSize(size - 1);
		assertThat(memberIds(read)).doesNotContain(ids.get(0));
	}

	@Test
	void groupOfHundredThousandMembersTakesOneMemberPatchesAndExcludedReads() {
		ScimClient scim = newTenant();
		String group = scim.post("/Groups", groupBody("Everyone")).id();
		String account = scim.accountId().toString();
		this.jdbcTemplate.execute(
				"insert into scim_user (id, account_id, user_name, active, attributes, version, created_at, last_modified)"
						+ " select gen_random_uuid(), '" + account + "', 'everyone' || g || '@contoso.com', true,"
						+ " jsonb_build_object('userName', 'everyone' || g || '@contoso.com', 'active', true), 1, now(), now()"
						+ " from generate_series(1, 100000) g");
		this.jdbcTemplate
			.execute("insert into scim_group_member (group_id, member_id, member_type, account_id)" + " select '"
					+ group + "', id, 'User', account_id from scim_user where account_id = '" + account + "'");
		String newcomer = scim.post("/Users", userBody("newcomer@contoso.com")).id();
		ScimResponse added = scim.patch("/Groups/" + group,
				patchBody("[{\"op\":\"Add\",\"path\":\"members\",\"value\":[{\"value\":\"" + newcomer + "\"}]}]"));
		assertThat(added.status()).isEqualTo(204);
		ScimResponse probe = scim.get("/Groups?excludedAttributes=members&filter="
				+ ScimClient.q("id eq \"" + group + "\" and members[value eq \"" + newcomer + "\"]"));
		assertThat(probe.body().get("totalResults").asInt()).isEqualTo(1);
		assertThat(probe.rawBody()).doesNotContain("\"members\"");
		ScimResponse removed = scim.patch("/Groups/" + group,
				patchBody("[{\"op\":\"remove\",\"path\":\"members[value eq \\\"" + newcomer + "\\\"]\"}]"));
		assertThat(removed.status()).isEqualTo(204);
		Integer count = this.jdbcTemplate
			.queryForObject("select count(*) from scim_group_member where group_id = ?::uuid", Integer.class, group);
		assertThat(count).isEqualTo(100000);
		JsonNode full = scim.get("/Groups/" + group).body();
		assertThat(full.get("members")).hasSize(100000);
	}

}
