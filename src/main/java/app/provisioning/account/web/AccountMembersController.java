package app.provisioning.account.web;

import java.util.Set;
import java.util.Optional;
import java.util.Map;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import app.provisioning.audit.AuditSnapshot;
import app.provisioning.account.AccountAccess;
import app.provisioning.account.AccountMember;
import app.provisioning.account.AccountMembers;
import app.provisioning.platform.AdminApi;

import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The people who administer an account, and their roles. Changing them needs the owner
 * role.
 */
@RestController
@AdminApi
@RequestMapping("/api/accounts/{accountId}/members")
class AccountMembersController implements AuditSnapshot {

	private final AccountMembers members;

	AccountMembersController(AccountMembers members) {
		this.members = members;
	}

	record MemberRequest(String objectId, String userPrincipalName, String role) {
	}

	record MemberResponse(UUID id, UUID objectId, String userPrincipalName, String displayName, String role,
			Instant createdAt, String createdBy, Instant lastSignInAt) {

		static MemberResponse of(AccountMember member) {
			return new MemberResponse(member.getId(), member.getObjectId(), member.getUserPrincipalName(),
					member.getDisplayName(), member.getRole().value(), member.getCreatedAt(), member.getCreatedBy(),
					member.getLastSignInAt());
		}

	}

	@PostMapping
	ResponseEntity<MemberResponse> add(@PathVariable UUID accountId, @RequestBody MemberRequest request,
			Authentication caller) {
		AccountMember added = this.members.add(accountId,
				new AccountMembers.Invitation(request.objectId(), request.userPrincipalName(), request.role()),
				AccountAccess.of(caller));
		return ResponseEntity.created(URI.create("/api/accounts/" + accountId + "/members/" + added.getId()))
			.body(MemberResponse.of(added));
	}

	@GetMapping
	List<MemberResponse> list(@PathVariable UUID accountId) {
		return this.members.list(accountId).stream().map(MemberResponse::of).toList();
	}

	@PatchMapping("/{memberId}")
	MemberResponse changeRole(@PathVariable UUID accountId, @PathVariable UUID memberId,
			@RequestBody MemberRequest request) {
		return MemberResponse.of(this.members.changeRole(accountId, memberId, request.role()));
	}

	@DeleteMapping("/{memberId}")
	MemberResponse remove(@PathVariable UUID accountId, @PathVariable UUID memberId) {
		return MemberResponse.of(this.members.remove(accountId, memberId));
	}

	@Override
	public Set<String> routes() {
		return Set.of("/api/accounts/{accountId}/members/{memberId}",
				"/admin/accounts/{accountId}/members/{memberId}/role",
				"/admin/accounts/{accountId}/members/{memberId}/remove");
	}

	/**
	 * What the audit trail records of this setting before and after a change: what a GET
	 * answers.
	 */
	@Override
	public Optional<Object> snapshot(UUID accountId, Map<String, String> variables) {
		UUID memberId = AuditSnapshot.id(variables, "memberId");
		return list(accountId).stream()
			.filter((member) -> member.id().equals(memberId))
			.findFirst()
			.map(Object.class::cast);
	}

}
