package app.provisioning.scim;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;

import app.provisioning.support.LostDeadlock;
import app.provisioning.support.Race;
import app.provisioning.support.ScimClient;
import app.provisioning.support.ScimIntegrationTest;
import app.provisioning.support.ScimResponse;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ConcurrencyTest extends ScimIntegrationTest {

	private static final int MEMBERS = 1000;

	@Test
	void sixteenParallelCreatesOfOneUserNameGiveOne201AndFifteen409s() throws Exception {
		ScimClient scim = newTenant();
		List<ScimResponse> responses = Race.of(16, () -> scim.post("/Users", userBody("race@contoso.com")));
		assertThat(responses).filteredOn((r) -> r.status() == 201).hasSize(1);
		assertThat(responses).filteredOn((r) -> r.status() == 409)
			.hasSize(15)
			.allSatisfy((r) -> assertThat(r.body().get("scimType").asText()).isEqualTo("uniqueness"));
		assertThat(scim.get("/Users?filter=" + ScimClient.q("userName eq \"race@contoso.com\""))
			.body()
			.get("totalResults")
			.asInt()).isEqualTo(1);
	}

	@Test
	void aThousandParallelOneMemberPatchesOnOneGroupLoseNoMember() throws Exception {
		ScimClient scim = newTenant();
		// what is tested is the group, not the account's rate limit
		this.accounts.update(scim.accountId(),
				new app.provisioning.account.AccountService.AccountChanges(null, null, 100_000));
		String group = scim.post("/Groups", groupBody("Parallel")).id();
		List<String> users = java.util.Collections.synchronizedList(new ArrayList<>());
		java.util.concurrent.atomic.AtomicInteger created = new java.util.concurrent.atomic.AtomicInteger();
		Race.of(16, () -> {
			int i;
			while ((i = created.getAndIncrement()) < MEMBERS) {
				users.add(scim.post("/Users", userBody("p" + i + "@contoso.com")).id());
			}
			return null;
		});
		java.util.concurrent.atomic.AtomicInteger next = new java.util.concurrent.atomic.AtomicInteger();
		List<Integer> statuses = Race.of(16, () -> {
			int worst = 204;
			int i;
			while ((i = next.getAndIncrement()) < MEMBERS) {
				int status = scim
					.patch("/Groups/" + group,
							patchBody("[{\"op\":\"Add\",\"path\":\"members\",\"value\":[{\"value\":\"" + users.get(i)
									+ "\"}]}]"))
					.status();
				worst = (status != 204) ? status : worst;
			}
			return worst;
		});
		assertThat(statuses).containsOnly(204);
		JsonNode read = scim.get("/Groups/" + group).body();
		List<String> members = new ArrayList<>();
		read.path("members").forEach((member) -> members.add(member.get("value").asText()));
		assertThat(members).containsExactlyInAnyOrderElementsOf(users);
		// Adds arriving together are written together, with one new version for each such
		// batch.
		int version = Integer.parseInt(read.at("/meta/version").asText().replaceAll("\\D", ""));
		assertThat(version).isBetween(2, MEMBERS + 1);
	}

	@Test
	void parallelPatchesOfOneUserAreEachAppliedAtomically() throws Exception {
		ScimClient scim = newTenant();
		String id = scim.post("/Users", userBody("atomic@contoso.com")).id();
		List<Integer> statuses = Race.of(8, () -> {
			String name = Thread.currentThread().getName();
			return scim
				.patch("/Users/" + id,
						patchBody("[{\"op\":\"Add\",\"path\":\"roles\",\"value\":[{\"value\":\"" + name + "\"}]}]"))
				.status();
		});
		assertThat(statuses).containsOnly(200);
		JsonNode user = scim.get("/Users/" + id).body();
		assertThat(user.get("roles")).hasSize(8);
		assertThat(user.at("/meta/version").asText()).isEqualTo("W/\"9\"");
	}

	@Test
	void memberDeletedWhileBeingAddedNeverStaysInTheGroup() throws Exception {
		ScimClient scim = newTenant();
		String group = scim.post("/Groups", groupBody("Racing")).id();
		for (int i = 0; i < 30; i++) {
			String user = scim.post("/Users", userBody("racer" + i + "@contoso.com")).id();
			String add = patchBody("[{\"op\":\"Add\",\"path\":\"members\",\"value\":[{\"value\":\"" + user + "\"}]}]");
			java.util.concurrent.atomic.AtomicInteger turn = new java.util.concurrent.atomic.AtomicInteger();
			Race.of(2, () -> (turn.getAndIncrement() == 0) ? scim.patch("/Groups/" + group, add).status()
					: scim.delete("/Users/" + user).status());
		}
		Integer stale = this.jdbcTemplate.queryForObject(
				"select count(*) from scim_group_member m join scim_user u"
						+ " on u.id = m.member_id where m.group_id = ?::uuid and u.deleted_at is not null",
				Integer.class, group);
		assertThat(stale).isZero();
		JsonNode read = scim.get("/Groups/" + group).body();
		assertThat(read.path("members")).isEmpty();
	}

	@Test
	void groupDeletedWhileMembersAreAddedKeepsNoMemberRows() throws Exception {
		ScimClient scim = newTenant();
		String user = scim.post("/Users", userBody("joiner@contoso.com")).id();
		String add = patchBody("[{\"op\":\"Add\",\"path\":\"members\",\"value\":[{\"value\":\"" + user + "\"}]}]");
		for (int i = 0; i < 30; i++) {
			String group = scim.post("/Groups", groupBody("Closing " + i)).id();
			java.util.concurrent.atomic.AtomicInteger turn = new java.util.concurrent.atomic.AtomicInteger();
			List<Integer> statuses = Race.of(2, () -> (turn.getAndIncrement() == 0)
					? scim.patch("/Groups/" + group, add).status() : scim.delete("/Groups/" + group).status());
			assertThat(statuses).allMatch((status) -> status == 204 || status == 404);
			Integer rows = this.jdbcTemplate.queryForObject(
					"select count(*) from scim_group_member where group_id = ?::uuid", Integer.class, group);
			assertThat(rows).as("a deleted group keeps no members").isZero();
		}
	}

	@Test
	void concurrentAddsAreJudgedOneByOneEvenWhenWrittenTogether() throws Exception {
		ScimClient scim = newTenant();
		String group = scim.post("/Groups", groupBody("Judged")).id();
		List<String> users = new ArrayList<>();
		for (int i = 0; i < 32; i++) {
			users.add(scim.post("/Users", userBody("judged" + i + "@contoso.com")).id());
		}
		java.util.concurrent.atomic.AtomicInteger next = new java.util.concurrent.atomic.AtomicInteger();
		List<List<Integer>> outcomes = Race.of(16, () -> {
			List<Integer> seen = new ArrayList<>();
			int i;
			while ((i = next.getAndIncrement()) < users.size()) {
				String extra = (i % 2 == 0) ? ",{\"value\":\"" + java.util.UUID.randomUUID() + "\"}" : "";
				int status = scim
					.patch("/Groups/" + group,
							patchBody("[{\"op\":\"Add\",\"path\":\"members\",\"value\":" + "[{\"value\":\""
									+ users.get(i) + "\"}" + extra + "]}]"))
					.status();
				seen.add(i * 1000 + status);
			}
			return seen;
		});
		for (List<Integer> seen : outcomes) {
			for (int outcome : seen) {
				int i = outcome / 1000;
				assertThat(outcome % 1000).as("request " + i).isEqualTo((i % 2 == 0) ? 400 : 204);
			}
		}
		List<String> expected = new ArrayList<>();
		for (int i = 1; i < users.size(); i += 2) {
			expected.add(users.get(i));
		}
		JsonNode read = scim.get("/Groups/" + group).body();
		List<String> members = new ArrayList<>();
		read.path("members").forEach((member) -> members.add(member.get("value").asText()));
		assertThat(members).as("only the requests without an unknown member were applied")
			.containsExactlyInAnyOrderElementsOf(expected);
	}

	@Test
	void parallelPatchesWithOneIfMatchLetExactlyOneWinAndTheRestGet412() throws Exception {
		ScimClient scim = newTenant();
		String id = scim.post("/Users", userBody("ifmatch@contoso.com")).id();
		String etag = scim.get("/Users/" + id).body().at("/meta/version").asText();
		List<ScimResponse> responses = Race.of(16,
				() -> scim.send("PATCH", "/Users/" + id,
						patchBody("[{\"op\":\"replace\",\"path\":\"displayName\",\"value\":\""
								+ Thread.currentThread().getName() + "\"}]"),
						java.util.Map.of("If-Match", etag)));
		assertThat(responses).filteredOn((r) -> r.status() == 200).hasSize(1);
		assertThat(responses).filteredOn((r) -> r.status() == 412).hasSize(15);
		String winner = responses.stream()
			.filter((r) -> r.status() == 200)
			.findFirst()
			.orElseThrow()
			.body()
			.get("displayName")
			.asText();
		JsonNode user = scim.get("/Users/" + id).body();
		assertThat(user.get("displayName").asText()).isEqualTo(winner);
		assertThat(user.at("/meta/version").asText()).isEqualTo("W/\"2\"");
	}

	@Test
	void parallelGroupReplacesWithOneIfMatchLetExactlyOneWin() throws Exception {
		ScimClient scim = newTenant();
		String id = scim.post("/Groups", groupBody("Contested")).id();
		String etag = scim.get("/Groups/" + id).body().at("/meta/version").asText();
		java.util.concurrent.atomic.AtomicInteger next = new java.util.concurrent.atomic.AtomicInteger();
		List<Integer> statuses = Race.of(8,
				() -> scim
					.send("PUT", "/Groups/" + id, groupBody("Contested " + next.incrementAndGet()),
							java.util.Map.of("If-Match", etag))
					.status());
		assertThat(statuses).filteredOn((s) -> s == 200).hasSize(1);
		assertThat(statuses).filteredOn((s) -> s == 412).hasSize(7);
		assertThat(scim.get("/Groups/" + id).body().at("/meta/version").asText()).isEqualTo("W/\"2\"");
	}

	@Test
	void replayedCreateAfterATimeoutIs409AndEntrasMatchingFilterFindsTheOneUser() {
		ScimClient scim = newTenant();
		String body = userBody("replayed@contoso.com");
		ScimResponse first = scim.post("/Users", body);
		ScimResponse replay = scim.post("/Users", body);
		assertThat(first.status()).isEqualTo(201);
		assertThat(replay.status()).isEqualTo(409);
		assertThat(replay.body().get("scimType").asText()).isEqualTo("uniqueness");
		JsonNode match = scim.get("/Users?filter=" + ScimClient.q("userName eq \"replayed@contoso.com\"")).body();
		assertThat(match.get("totalResults").asInt()).isEqualTo(1);
		assertThat(match.at("/Resources/0/id").asText()).isEqualTo(first.id());
		ScimResponse groupReplay = scim.post("/Groups", groupBody("Replayed"));
		assertThat(groupReplay.status()).isEqualTo(201);
		assertThat(scim.post("/Groups", groupBody("Replayed")).status()).isEqualTo(409);
	}

	@Test
	void replayedMembershipPatchesChangeNothingTheSecondTime() {
		ScimClient scim = newTenant();
		String user = scim.post("/Users", userBody("member-replay@contoso.com")).id();
		String group = scim.post("/Groups", groupBody("Replays")).id();
		String add = patchBody("[{\"op\":\"Add\",\"path\":\"members\",\"value\":[{\"value\":\"" + user + "\"}]}]");
		String remove = patchBody(
				"[{\"op\":\"Remove\",\"path\":\"members\",\"value\":[{\"value\":\"" + user + "\"}]}]");
		assertThat(scim.patch("/Groups/" + group, add).status()).isEqualTo(204);
		String afterAdd = scim.get("/Groups/" + group).body().at("/meta/version").asText();
		assertThat(scim.patch("/Groups/" + group, add).status()).isEqualTo(204);
		JsonNode replayed = scim.get("/Groups/" + group).body();
		assertThat(replayed.get("members")).hasSize(1);
		assertThat(replayed.at("/meta/version").asText()).as("a replayed Add is not a change").isEqualTo(afterAdd);
		assertThat(scim.patch("/Groups/" + group, remove).status()).isEqualTo(204);
		String afterRemove = scim.get("/Groups/" + group).body().at("/meta/version").asText();
		assertThat(scim.patch("/Groups/" + group, remove).status()).isEqualTo(204);
		JsonNode removedTwice = scim.get("/Groups/" + group).body();
		assertThat(removedTwice.path("members")).isEmpty();
		assertThat(removedTwice.at("/meta/version").asText()).isEqualTo(afterRemove);
	}

	@Test
	void aPatchRolledBackByADeadlockIsA503ToRetrySoonAndChangesNothing() throws Exception {
		ScimClient scim = newTenant();
		ScimResponse map = admin().send("POST", "/accounts/" + scim.accountId() + "/mappings",
				"{\"name\":\"people\",\"target\":\"people\",\"uniqueIdentifier\":\"user_principal_name\","
						+ "\"fields\":[{\"attribute\":\"Display name\",\"field\":\"name\"}]}",
				java.util.Map.of("Content-Type", "application/json"));
		assertThat(map.status()).as(map.rawBody()).isEqualTo(201);
		UUID user = UUID.fromString(scim.post("/Users", userBody("locked@contoso.com")).id());

		ScimResponse patched = LostDeadlock.provoke(this.jdbcTemplate.getDataSource(),
				new LostDeadlock.Lock("SELECT 1 FROM person WHERE scim_user_id = ? FOR UPDATE", user),
				"SELECT * FROM person WHERE scim_user_id",
				new LostDeadlock.Lock("SELECT 1 FROM scim_user WHERE id = ? FOR UPDATE", user),
				() -> scim.patch("/Users/" + user,
						patchBody("[{\"op\":\"Replace\",\"path\":\"displayName\",\"value\":\"Renamed\"}]")));

		assertThat(patched.status()).as(patched.rawBody()).isEqualTo(503);
		assertThat(patched.header("Retry-After")).isEqualTo("1");
		assertThat(patched.body().path("detail").asText()).contains("nothing was changed, send it again");
		assertThat(scim.get("/Users/" + user).body().path("displayName").asText()).as("nothing was changed")
			.isNotEqualTo("Renamed");
	}

}
