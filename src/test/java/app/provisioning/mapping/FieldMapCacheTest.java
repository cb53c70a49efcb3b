package app.provisioning.mapping;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import com.zaxxer.hikari.HikariDataSource;
import org.awaitility.Awaitility;

import app.provisioning.support.ScimClient;
import app.provisioning.support.ScimIntegrationTest;
import app.provisioning.support.ScimResponse;
import app.provisioning.support.ServerInstance;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Field maps are kept in each instance's memory, and a change to them, made through any
 * instance or straight in the database, reaches every instance's next SCIM write within a
 * second.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FieldMapCacheTest extends ScimIntegrationTest {

	private static final Map<String, String> JSON = Map.of("Content-Type", "application/json");

	private static final Duration WITHIN = Duration.ofSeconds(1);

	@Autowired
	private HikariDataSource dataSource;

	@Autowired
	private FieldMapCache cache;

	@Autowired
	private FieldMapRepository repository;

	private ServerInstance other;

	@BeforeAll
	void startTheOtherInstance() {
		this.other = ServerInstance.beside(this.dataSource);
	}

	@AfterAll
	void stopTheOtherInstance() {
		this.other.close();
	}

	@Test
	void aMapCreatedOnThisInstanceAppliesToTheVeryNextUser() {
		ScimClient scim = newTenant();
		scim.post("/Users", "{\"userName\":\"before@contoso.com\"}");
		awaitKnown(scim.accountId(), 0);
		createPeopleMap(this.admin().send("POST", "/accounts/" + scim.accountId() + "/mappings", mapBody(), JSON));
		String after = scim.post("/Users", "{\"userName\":\"after@contoso.com\"}").id();
		assertThat(people(scim, after)).as("the user posted right after the map was created").isEqualTo(1);
	}

	@Test
	void aMapCreatedOnAnotherInstanceAppliesHereWithinASecond() {
		ScimClient scim = newTenant();
		scim.post("/Users", "{\"userName\":\"first@contoso.com\"}");
		awaitKnown(scim.accountId(), 0);
		createPeopleMap(
				this.other.admin().send("POST", "/accounts/" + scim.accountId() + "/mappings", mapBody(), JSON));
		awaitKnown(scim.accountId(), 1);
		String later = scim.post("/Users", "{\"userName\":\"later@contoso.com\"}").id();
		assertThat(people(scim, later)).isEqualTo(1);
	}

	@Test
	void aChangeMadeStraightInTheDatabaseIsHeardToo() {
		ScimClient scim = newTenant();
		createPeopleMap(this.admin().send("POST", "/accounts/" + scim.accountId() + "/mappings", mapBody(), JSON));
		scim.post("/Users", "{\"userName\":\"one@contoso.com\"}");
		awaitKnown(scim.accountId(), 1);
		this.jdbcTemplate.update("UPDATE field_map SET name = 'renamed by hand' WHERE account_id = ?",
				scim.accountId());
		awaitNamed(scim.accountId(), "renamed by hand", WITHIN);
	}

	@Test
	void aLostListeningConnectionIsOpenedAgainAndNothingSaidMeanwhileIsMissed() {
		ScimClient scim = newTenant();
		createPeopleMap(this.admin().send("POST", "/accounts/" + scim.accountId() + "/mappings", mapBody(), JSON));
		scim.post("/Users", "{\"userName\":\"two@contoso.com\"}");
		awaitKnown(scim.accountId(), 1);
		assertThat(this.jdbcTemplate.queryForList(
				"SELECT pg_terminate_backend(pid) FROM pg_stat_activity" + " WHERE application_name = ?",
				FieldMapChanges.APPLICATION_NAME))
			.as("both instances' listeners")
			.hasSize(2);
		this.jdbcTemplate.update("UPDATE field_map SET name = 'changed while nobody listened' WHERE account_id = ?",
				scim.accountId());
		awaitNamed(scim.accountId(), "changed while nobody listened", Duration.ofSeconds(5));
	}

	@Test
	void keepsNoMoreAccountsThanItsLimitAndStillAnswersForTheRest() {
		FieldMapCache small = new FieldMapCache(this.repository, 2);
		small.trust(true);
		UUID[] accounts = { newTenant().accountId(), newTenant().accountId(), newTenant().accountId() };
		for (UUID account : accounts) {
			assertThat(small.of(account)).isEmpty();
		}
		assertThat(small.size()).isEqualTo(2);
		assertThat(small.of(accounts[2])).as("read from the database").isEmpty();
	}

	@Test
	void keepsNothingWhileNotListening() {
		FieldMapCache idle = new FieldMapCache(this.repository, 10);
		UUID account = newTenant().accountId();
		assertThat(idle.of(account)).isEmpty();
		assertThat(idle.size()).isZero();
	}

	private void awaitKnown(UUID account, int maps) {
		Awaitility.await().atMost(WITHIN).untilAsserted(() -> assertThat(this.cache.of(account)).hasSize(maps));
	}

	private void awaitNamed(UUID account, String name, Duration within) {
		Awaitility.await()
			.atMost(within)
			.untilAsserted(() -> assertThat(this.cache.of(account)).singleElement()
				.extracting(FieldMap::name)
				.isEqualTo(name));
	}

	private Integer people(ScimClient scim, String scimUserId) {
		return this.jdbcTemplate.queryForObject(
				"SELECT count(*) FROM person WHERE account_id = ?::uuid AND scim_user_id = ?::uuid", Integer.class,
				scim.accountId().toString(), scimUserId);
	}

	private static void createPeopleMap(ScimResponse created) {
		assertThat(created.status()).as(created.rawBody()).isEqualTo(201);
	}

	private static String mapBody() {
		return "{\"name\":\"map\",\"target\":\"people\",\"uniqueIdentifier\":\"user_principal_name\","
				+ "\"fields\":[{\"attribute\":\"userName\",\"field\":\"Login\"}]}";
	}

}
