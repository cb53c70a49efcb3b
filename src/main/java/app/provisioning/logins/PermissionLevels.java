package app.provisioning.logins;

import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

import app.provisioning.account.AccountService;
import app.provisioning.account.AdminRequestException;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Permission levels of an account: create, rename, reorder, remove. */
@Service
public class PermissionLevels {

	private static final int MAX_NAME_LENGTH = 100;

	private final PermissionLevelRepository levels;

	private final AccountService accounts;

	private final Clock clock;

	PermissionLevels(PermissionLevelRepository levels, AccountService accounts, Clock clock) {
		this.levels = levels;
		this.accounts = accounts;
		this.clock = clock;
	}

	@Transactional
	public PermissionLevel create(UUID accountId, String name, Integer rank) {
		this.accounts.get(accountId);
		String valid = validName(name);
		if (rank == null) {
			throw AdminRequestException.invalid("rank is required: a number, higher wins when a user is in several groups");
		}
		checkUnique(accountId, null, valid, rank);
		return this.levels.save(new PermissionLevel(accountId, valid, rank,
				this.clock.instant().truncatedTo(ChronoUnit.MICROS)));
	}

	@Transactional(readOnly = true)
	public List<PermissionLevel> list(UUID accountId) {
		this.accounts.get(accountId);
		return this.levels.findByAccountIdOrderByRankDesc(accountId);
	}

	@Transactional
	public PermissionLevel update(UUID accountId, UUID id, String name, Integer rank) {
		PermissionLevel level = find(accountId, id);
		String newName = (name != null) ? validName(name) : level.getName();
		int newRank = (rank != null) ? rank : level.getRank();
		checkUnique(accountId, id, newName, newRank);
		level.rename(newName);
		level.rerank(newRank);
		return level;
	}

	@Transactional
	public void delete(UUID accountId, UUID id) {
		this.levels.delete(find(accountId, id));
	}

	private PermissionLevel find(UUID accountId, UUID id) {
		return this.levels.findByIdAndAccountId(id, accountId)
			.orElseThrow(() -> AdminRequestException.notFound("Permission level " + id + " of account " + accountId));
	}

	private void checkUnique(UUID accountId, UUID self, String name, int rank) {
		for (PermissionLevel other : this.levels.findByAccountIdOrderByRankDesc(accountId)) {
			if (other.getId().equals(self)) {
				continue;
			}
			if (other.getName().toLowerCase(Locale.ROOT).equals(name.toLowerCase(Locale.ROOT))) {
				throw AdminRequestException.conflict("A permission level named '" + name + "' already exists");
			}
			if (other.getRank() == rank) {
				throw AdminRequestException.conflict("Rank " + rank + " is already used by '" + other.getName()
						+ "'; ranks order the levels, so each must differ");
			}
		}
	}

	private static String validName(String name) {
		if (name == null || name.isBlank()) {
			throw AdminRequestException.invalid("name is required, e.g. Administrator, Manager or Viewer");
		}
		if (name.trim().length() > MAX_NAME_LENGTH) {
			throw AdminRequestException.invalid("name is longer than " + MAX_NAME_LENGTH + " characters");
		}
		return name.trim();
	}

}
