// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.28;

import { ISanctionsOracle } from "./ISanctionsOracle.sol";

/// @title IPayrollVault
/// @notice A company's payroll vault: it holds the company's ERC-20 payroll tokens (USDC, EURC, …) and pays the crypto
/// leg of a pay run, one batch of payouts per transaction. A batch pays only when `threshold` distinct approvers
/// approved it, by EIP-712 signature or on chain; each (runId, batchIndex) pays at most once; every recipient is
/// screened by the sanctions oracle; and the vault can be paused.
/// @dev A payout is one 32-byte word: the recipient in the high 20 bytes, the amount (minor units, at most
/// 2^96 - 1) in the low 12 bytes, i.e. `bytes32(uint256(uint160(recipient)) << 96 | amount)`. Packing halves the
/// calldata of a batch and lets the vault hash, screen and pay straight from it. `payoutsHash` is
/// `keccak256(abi.encodePacked(payouts))`.
///
/// Approvals are given to the EIP-712 digest of a {PayoutBatch} under the domain
/// (name "TandemPayrollVault", version "1", chainId, verifyingContract = the vault), so an approval is valid for one
/// vault on one chain only.
interface IPayrollVault {
    /*//////////////////////////////////////////////////////////////
                                 TYPES
    //////////////////////////////////////////////////////////////*/

    /// @notice What approvers sign: one batch of one pay run's crypto leg, in one token.
    /// @param runId The pay run's id (e.g. its UUID, left-aligned, or a hash of it).
    /// @param batchIndex The batch's position in the run, from 0; (runId, batchIndex) pays at most once.
    /// @param token The ERC-20 token paid.
    /// @param payoutsHash `keccak256(abi.encodePacked(payouts))` of the packed payouts.
    /// @param total The sum of the payouts' amounts.
    /// @param deadline The last block timestamp (seconds) at which the batch may execute.
    struct PayoutBatch {
        bytes32 runId;
        uint32 batchIndex;
        address token;
        bytes32 payoutsHash;
        uint256 total;
        uint256 deadline;
    }

    /// @notice One approver's approval, as passed to `executeBatch`.
    /// @param approver The approver.
    /// @param signature Their EIP-712 signature of the batch digest (65-byte ECDSA, or anything their ERC-1271
    /// `isValidSignature` accepts); empty when they approved on chain with `approveBatch`.
    struct ApproverSignature {
        address approver;
        bytes signature;
    }

    /// @notice An approver's on-chain word on one batch digest.
    /// @dev `None`: a signature, if passed, counts. `Approved`: counts without a signature. `Revoked`: nothing of
    /// this approver counts for the digest, not even an earlier signature, until they approve on chain again.
    enum ApprovalState {
        None,
        Approved,
        Revoked
    }

    /*//////////////////////////////////////////////////////////////
                                 EVENTS
    //////////////////////////////////////////////////////////////*/

    /// @notice Emitted when an address becomes an approver.
    event ApproverAdded(address indexed approver);

    /// @notice Emitted when an address stops being an approver.
    event ApproverRemoved(address indexed approver);

    /// @notice Emitted when the approval threshold is set (at deployment too).
    event ThresholdChanged(uint256 previousThreshold, uint256 newThreshold);

    /// @notice Emitted when an approver approves a batch digest on chain.
    event BatchApproved(bytes32 indexed batchDigest, address indexed approver);

    /// @notice Emitted when an approver revokes their approval of a batch digest.
    event ApprovalRevoked(bytes32 indexed batchDigest, address indexed approver);

    /// @notice Emitted once per executed batch, before its {Payout} events.
    /// @param runId The pay run.
    /// @param batchIndex The batch's position in the run.
    /// @param batchDigest The EIP-712 digest the approvers approved.
    /// @param token The token paid.
    /// @param total The sum paid.
    /// @param payoutCount The number of payouts (and of {Payout} events that follow).
    event BatchExecuted(
        bytes32 indexed runId,
        uint32 indexed batchIndex,
        bytes32 indexed batchDigest,
        address token,
        uint256 total,
        uint256 payoutCount
    );

    /// @notice Emitted once per payout, in the batch's order, right before the token transfer that pays it.
    /// @dev Anonymous, so a LOG0 with one data word: the packed payout (recipient in the high 20 bytes, amount in the
    /// low 12). At 631 gas it is the cheapest event that carries both, 375 gas per recipient below a named one.
    /// Readers find it as the vault's only log without topics; the run and batch are in the transaction's
    /// {BatchExecuted} event, and the token's own `Transfer` event indexes the recipient.
    /// @param payout `bytes32(uint256(uint160(recipient)) << 96 | amount)`.
    event Payout(bytes32 payout) anonymous;

    /*//////////////////////////////////////////////////////////////
                            CONSTANT FUNCTIONS
    //////////////////////////////////////////////////////////////*/

    /// @notice The role allowed to pause the vault (unpausing needs DEFAULT_ADMIN_ROLE).
    function PAUSER_ROLE() external view returns (bytes32);

    /// @notice The EIP-712 type hash of {PayoutBatch}.
    function PAYOUT_BATCH_TYPEHASH() external view returns (bytes32);

    /// @notice The largest number of approvers a vault can have.
    function MAX_APPROVERS() external view returns (uint256);

    /// @notice The sanctions oracle every recipient is screened with; fixed at deployment so that no admin can turn
    /// screening off.
    function sanctionsOracle() external view returns (ISanctionsOracle);

    /// @notice How many distinct approvers must approve a batch.
    function threshold() external view returns (uint256);

    /// @notice The current approvers.
    function getApprovers() external view returns (address[] memory);

    /// @notice Whether `account` is a current approver.
    function isApprover(address account) external view returns (bool);

    /// @notice `approver`'s on-chain word on `batchDigest`.
    function approvalState(bytes32 batchDigest, address approver) external view returns (ApprovalState);

    /// @notice Whether batch `batchIndex` of run `runId` was executed (and so can never execute again).
    function isBatchExecuted(bytes32 runId, uint32 batchIndex) external view returns (bool);

    /// @notice The EIP-712 digest approvers sign or approve for `batch`.
    function hashPayoutBatch(PayoutBatch calldata batch) external view returns (bytes32 batchDigest);

    /// @notice Whether the vault is paused.
    function paused() external view returns (bool);

    /*//////////////////////////////////////////////////////////////
                          NON-CONSTANT FUNCTIONS
    //////////////////////////////////////////////////////////////*/

    /// @notice Approves a batch on chain, for approvers that are contracts or prefer a transaction to a signature.
    /// @dev Emits {BatchApproved}. Approving again after a revocation restores the approval.
    ///
    /// Requirements:
    /// - The caller must be an approver.
    ///
    /// @param batchDigest The batch's EIP-712 digest, from `hashPayoutBatch`.
    function approveBatch(bytes32 batchDigest) external;

    /// @notice Withdraws the caller's approval of a batch: neither their on-chain approval nor any signature of
    /// theirs counts for it any more. No effect on a batch already executed.
    /// @dev Emits {ApprovalRevoked}.
    ///
    /// Requirements:
    /// - The caller must be an approver.
    ///
    /// @param batchDigest The batch's EIP-712 digest.
    function revokeApproval(bytes32 batchDigest) external;

    /// @notice Pays a batch: one token transfer per payout, from the vault.
    /// @dev Emits {BatchExecuted}, then one {Payout} per payout (each followed by the token's `Transfer`). Anyone
    /// may submit an approved batch: the approvals, not the sender, authorise it.
    ///
    /// Requirements:
    /// - The vault must not be paused.
    /// - `block.timestamp` must not be after `batch.deadline`.
    /// - `payouts` must be non-empty and hash to `batch.payoutsHash`.
    /// - (batch.runId, batch.batchIndex) must not have been executed.
    /// - `signatures` must be in strictly ascending order of approver; each approver must be current, must not have
    ///   revoked, and must either sign the digest or have approved it on chain; at least `threshold` of them.
    /// - No payout may name the zero address or a zero amount; the amounts must add up to `batch.total`.
    /// - The vault must hold at least `batch.total` of `batch.token`.
    /// - The sanctions oracle must flag no recipient.
    ///
    /// @param batch The approved batch.
    /// @param payouts The packed payouts (see the contract's dev note).
    /// @param signatures The approvals, sorted by approver address.
    function executeBatch(
        PayoutBatch calldata batch,
        bytes32[] calldata payouts,
        ApproverSignature[] calldata signatures
    )
        external;

    /// @notice Replaces the approvers and the threshold in one step, so the vault never has a threshold its
    /// approvers cannot reach.
    /// @dev Emits {ApproverRemoved} for each old approver not kept, {ApproverAdded} for each new one, and
    /// {ThresholdChanged}. Approvals given by a removed approver stop counting; they count again if the address is
    /// added back.
    ///
    /// Requirements:
    /// - The caller must have DEFAULT_ADMIN_ROLE.
    /// - `approvers` must hold 1 to MAX_APPROVERS distinct non-zero addresses.
    /// - `newThreshold` must be between 1 and the number of approvers.
    ///
    /// @param approvers The new approvers.
    /// @param newThreshold The new threshold.
    function setApprovers(address[] calldata approvers, uint256 newThreshold) external;

    /// @notice Stops every execution until unpaused; approvals can still be given and revoked.
    /// @dev Emits {Paused}. The caller must have PAUSER_ROLE.
    function pause() external;

    /// @notice Allows executions again.
    /// @dev Emits {Unpaused}. The caller must have DEFAULT_ADMIN_ROLE.
    function unpause() external;
}
