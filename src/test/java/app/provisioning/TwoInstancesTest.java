package app.provisioning;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.JsonNode;
import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import app.provisioning.support.Race;
import app.provisioning.support.ScimClient;
import app.provisioning.support.ScimIntegrationTest;
import app.provisioning.support.ScimResponse;
import app.provisioning.support.ServerInstance;

import org.springframework.beans.factory.annotation.Autowired;

import static app.provisioning.support.ScimClient.q;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two server instances on one database, as behind a load balancer: SCIM traffic of one
 * account split across both stays consistent (no duplicate, no lost member, each sees the
 * other's writes at once). That a scheduled reconciliation runs once is shown by the
 * scheduled-run test.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TwoInstancesTest extends ScimIntegrationTest {

	@Autowired
	private HikariDataSource dataSource;

	private ServerInstance second;

	@BeforeAll
	void startSecondInstance() {
		this.second = ServerInstance.beside(this.dataSource);
	}

	@AfterAll
	void stopSecondInstance() {
		this.second.close();
	}

	/** The same account's client on each instance. */
	private List<ScimClient> bothInstances() {
		ScimClient first = newTenant();
		return List.of(first, this.second.scim(first.token(), first.accountId()));
	}

	@Test
	void eachInstanceSeesTheOthersWritesAtOnce() {
		List<ScimClient> both = bothInstances();
		for (int i = 0; i < 20; i++) {
			ScimClient writer = both.get(i % 2);
			ScimClient reader = both.get((i + 1) % 2);
			ScimResponse created = writer.post("/Users", userBody("seen" + i + "@contoso.com"));
			assertThat(created.status()).isEqualTo(201);
			assertThat(reader.get("/Users/" + created.id()).status()).isEqualTo(200);
			assertThat(reader
				.patch("/Users/" + created.id(),
						patchBody("[{\"op\":\"replace\",\"path\":\"active\",\"value\":false}]"))
				.status()).isEqualTo(200);
			assertThat(writer.get("/Users/" + created.id()).body().get("active").asBoolean()).isFalse();
		}
		assertThat(both.get(0).get("/Users?count=0").body().get("totalResults").asInt()).isEqualTo(20);
		assertThat(both.get(1).get("/Users?count=0").body().get("totalResults").asInt()).isEqualTo(20);
	}

	@Test
	void createsOfOneUserNameRacingOnBothInstancesGiveOne201() throws Exception {
		List<ScimClient> both = bothInstances();
		AtomicInteger turn = new AtomicInteger();
		List<ScimResponse> answers = Race.of(16,
				() -> both.get(turn.getAndIncrement() % 2).post("/Users", userBody("once@contoso.com")));
		assertThat(answers).filteredOn((r) -> r.status() == 201).hasSize(1);
		assertThat(answers).filteredOn((r) -> r.status() == 409).hasSize(15);
		assertThat(both.get(1)
			.get("/Users?filter=" + q("userName eq \"once@contoso.com\""))
			.body()
			.get("totalResults")
			.asInt()).isEqualTo(1);
	}

	@Test
	void memberPatchesSplitAcrossBothInstancesLoseNoMember() throws Exception {
		List<ScimClient> both = bothInstances();
		String group = both.get(0).post("/Groups", groupBody("Split")).id();
		List<String> users = new ArrayList<>();
		for (int i = 0; i < 60; i++) {
			users.add(both.get(i % 2).post("/Users", userBody("split" + i + "@contoso.com")).id());
		}
		AtomicInteger next = new AtomicInteger();
		List<Integer> worst = Race.of(12, () -> {
			int status = 204;
			int i;
			while ((i = next.getAndIncrement()) < users.size()) {
				int answered = both.get(i % 2)
					.patch("/Groups/" + group,
							patchBody("[{\"op\":\"Add\",\"path\":\"members\",\"value\":[{\"value\":\"" + users.get(i)
									+ "\"}]}]"))
					.status();
				status = (answered != 204) ? answered : status;
			}
			return status;
		});
		assertThat(worst).containsOnly(204);
		for (ScimClient instance : both) {
			Set<String> members = new HashSet<>();
			instance.get("/Groups/" + group)
				.body()
				.path("members")
				.forEach((m) -> members.add(m.get("value").asText()));
			assertThat(members).containsExactlyInAnyOrderElementsOf(users);
		}
	}

	@Test
	void ifMatchRacingOnBothInstancesLetsExactlyOneWin() throws Exception {
		List<ScimClient> both = bothInstances();
		String id = both.get(0).post("/Users", userBody("contested@contoso.com")).id();
		String etag = both.get(1).get("/Users/" + id).body().at("/meta/version").asText();
		AtomicInteger turn = new AtomicInteger();
		List<Integer> statuses = Race.of(8, () -> {
			int n = turn.getAndIncrement();
			return both.get(n % 2)
				.send("PATCH", "/Users/" + id,
						patchBody("[{\"op\":\"replace\",\"path\":\"displayName\",\"value\":\"Writer " + n + "\"}]"),
						Map.of("If-Match", etag))
				.status();
		});
		assertThat(statuses).filteredOn((s) -> s == 200).hasSize(1);
		assertThat(statuses).filteredOn((s) -> s == 412).hasSize(7);
		JsonNode read = both.get(1).get("/Users/" + id).body();
		assertThat(read.at("/meta/version").asText()).isEqualTo("W/\"2\"");
	}

}
