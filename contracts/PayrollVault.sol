// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.28;

import { AccessControl } from "@openzeppelin/contracts/access/AccessControl.sol";
import { IERC20 } from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import { ECDSA } from "@openzeppelin/contracts/utils/cryptography/ECDSA.sol";
import { EIP712 } from "@openzeppelin/contracts/utils/cryptography/EIP712.sol";
import { SignatureChecker } from "@openzeppelin/contracts/utils/cryptography/SignatureChecker.sol";
import { Pausable } from "@openzeppelin/contracts/utils/Pausable.sol";

import { Errors } from "./Errors.sol";
import { IPayrollVault } from "./interfaces/IPayrollVault.sol";
import { ISanctionsOracle } from "./interfaces/ISanctionsOracle.sol";

/// @title PayrollVault
/// @notice See the documentation in {IPayrollVault}.
/// @dev Why these OpenZeppelin parts and not others:
/// - AccessControl, as every Tandem contract: the admin re-keys approvers and unpauses; PAUSER_ROLE lets an
///   operations key stop payouts in an emergency without holding the admin's power. No role is read by
///   `executeBatch`, so it costs the payouts nothing.
/// - Pausable buys the audited modifier and the standard {Paused}/{Unpaused} events that wallets and monitors know.
///   Its flag's slot also holds the threshold (Pausable is inherited last), so the check costs a batch one SLOAD
///   that the threshold needs anyway.
/// - EIP712 caches the domain separator in immutables, so a digest costs two keccaks and no SLOAD.
/// - No ReentrancyGuard: `executeBatch` marks the batch executed before its first external call (Checks, Effects,
///   Interactions), so a re-entering token cannot pay the same batch twice, and any other batch it could reach needs
///   its own approvals. The guard would cost every batch about 5,000 gas (or 200 transient) for nothing.
///
/// The two loops over the payouts are in assembly: Solidity's bounds checks, ABI re-encoding of each transfer and
/// checked sums are what separate a 25k-gas-per-recipient batch from a 27k one (see bench/vaultGas.bench.ts).
contract PayrollVault is IPayrollVault, AccessControl, EIP712, Pausable {
    /*//////////////////////////////////////////////////////////////
                                CONSTANTS
    //////////////////////////////////////////////////////////////*/

    /// @inheritdoc IPayrollVault
    bytes32 public constant override PAUSER_ROLE = keccak256("PAUSER_ROLE");

    /// @inheritdoc IPayrollVault
    bytes32 public constant override PAYOUT_BATCH_TYPEHASH = keccak256(
        "PayoutBatch(bytes32 runId,uint32 batchIndex,address token,bytes32 payoutsHash,uint256 total,uint256 deadline)"
    );

    /// @inheritdoc IPayrollVault
    uint256 public constant override MAX_APPROVERS = 32;

    /// @inheritdoc IPayrollVault
    ISanctionsOracle public immutable override sanctionsOracle;

    /*//////////////////////////////////////////////////////////////
                                 STORAGE
    //////////////////////////////////////////////////////////////*/

    /// @dev Declared first and Pausable inherited last, so it shares a slot with Pausable's `_paused`: the
    /// `whenNotPaused` check warms the slot and reading the threshold then costs 100 gas instead of 2,100.
    uint64 private _threshold;

    address[] private _approvers;

    mapping(address account => bool) private _isApprover;

    mapping(bytes32 batchDigest => mapping(address approver => ApprovalState state)) private _approvalStates;

    /// @dev One bit per batch, 256 batches of a run per word: the first batch of a run pays 22,100 gas for its slot,
    /// the next 255 only 5,000 each.
    mapping(bytes32 runId => mapping(uint256 wordIndex => uint256 bits)) private _executedBatches;

    /*//////////////////////////////////////////////////////////////
                               CONSTRUCTOR
    //////////////////////////////////////////////////////////////*/

    /// @param admin The account given DEFAULT_ADMIN_ROLE and PAUSER_ROLE (the company's admin, ideally a multisig:
    /// it can replace the approvers).
    /// @param approvers The initial approvers.
    /// @param threshold_ The initial threshold.
    /// @param sanctionsOracle_ The oracle every recipient is screened with, for the vault's whole life.
    constructor(
        address admin,
        address[] memory approvers,
        uint256 threshold_,
        ISanctionsOracle sanctionsOracle_
    )
        EIP712("TandemPayrollVault", "1")
    {
        if (admin == address(0)) revert Errors.PayrollVault_AdminZeroAddress();
        if (address(sanctionsOracle_) == address(0)) revert Errors.PayrollVault_SanctionsOracleZeroAddress();
        sanctionsOracle = sanctionsOracle_;
        _grantRole(DEFAULT_ADMIN_ROLE, admin);
        _grantRole(PAUSER_ROLE, admin);
        _setApprovers(approvers, threshold_);
    }

    /*//////////////////////////////////////////////////////////////
                            CONSTANT FUNCTIONS
    //////////////////////////////////////////////////////////////*/

    /// @inheritdoc IPayrollVault
    function threshold() external view override returns (uint256) {
        return _threshold;
    }

    /// @inheritdoc IPayrollVault
    function getApprovers() external view override returns (address[] memory) {
        return _approvers;
    }

    /// @inheritdoc IPayrollVault
    function isApprover(address account) external view override returns (bool) {
        return _isApprover[account];
    }

    /// @inheritdoc IPayrollVault
    function approvalState(bytes32 batchDigest, address approver) external view override returns (ApprovalState) {
        return _approvalStates[batchDigest][approver];
    }

    /// @inheritdoc IPayrollVault
    function isBatchExecuted(bytes32 runId, uint32 batchIndex) external view override returns (bool) {
        return _isBatchExecuted(runId, batchIndex);
    }

    /// @inheritdoc IPayrollVault
    function hashPayoutBatch(PayoutBatch calldata batch) external view override returns (bytes32) {
        return _hashPayoutBatch(batch);
    }

    /// @inheritdoc IPayrollVault
    function paused() public view override(IPayrollVault, Pausable) returns (bool) {
        return super.paused();
    }

    /*//////////////////////////////////////////////////////////////
                          NON-CONSTANT FUNCTIONS
    //////////////////////////////////////////////////////////////*/

    /// @inheritdoc IPayrollVault
    function approveBatch(bytes32 batchDigest) external override {
        // Checks
        if (!_isApprover[msg.sender]) revert Errors.PayrollVault_CallerNotApprover(msg.sender);

        // Effects
        _approvalStates[batchDigest][msg.sender] = ApprovalState.Approved;
        emit BatchApproved(batchDigest, msg.sender);
    }

    /// @inheritdoc IPayrollVault
    function revokeApproval(bytes32 batchDigest) external override {
        // Checks
        if (!_isApprover[msg.sender]) revert Errors.PayrollVault_CallerNotApprover(msg.sender);

        // Effects
        _approvalStates[batchDigest][msg.sender] = ApprovalState.Revoked;
        emit ApprovalRevoked(batchDigest, msg.sender);
    }

    /// @inheritdoc IPayrollVault
    function executeBatch(
        PayoutBatch calldata batch,
        bytes32[] calldata payouts,
        ApproverSignature[] calldata signatures
    )
        external
        override
        whenNotPaused
    {
        // Checks: the cheapest refusals first.
        if (block.timestamp > batch.deadline) {
            revert Errors.PayrollVault_DeadlinePassed(batch.deadline, block.timestamp);
        }
        if (payouts.length == 0) revert Errors.PayrollVault_EmptyBatch();

        // One buffer serves the whole execution: the payouts are copied into it to be hashed, overwritten with the
        // recipients' addresses for the sanctions oracle, and then its head is the calldata of each transfer. Memory
        // expansion is paid once.
        uint256 buffer = _allocate(0x44 + payouts.length * 32);
        bytes32 payoutsHash = _hashPayouts(payouts, buffer + 0x44);
        if (payoutsHash != batch.payoutsHash) {
            revert Errors.PayrollVault_PayoutsHashMismatch(batch.payoutsHash, payoutsHash);
        }

        if (_isBatchExecuted(batch.runId, batch.batchIndex)) {
            revert Errors.PayrollVault_BatchAlreadyExecuted(batch.runId, batch.batchIndex);
        }

        bytes32 batchDigest = _hashPayoutBatch(batch);
        _checkApprovals(batchDigest, signatures);

        uint256 total = _sumAndScreen(payouts, buffer);
        if (total != batch.total) revert Errors.PayrollVault_TotalMismatch(batch.total, total);
        _checkBalance(batch.token, total);

        // Effects: marked executed before the first transfer, so nothing a token does can pay this batch again (the
        // bit's word is warm by now: re-reading it costs 100 gas).
        _executedBatches[batch.runId][batch.batchIndex >> 8] |= 1 << (batch.batchIndex & 0xff);
        emit BatchExecuted(batch.runId, batch.batchIndex, batchDigest, batch.token, total, payouts.length);

        // Interactions
        _pay(batch.token, payouts, buffer);
    }

    /// @inheritdoc IPayrollVault
    function setApprovers(
        address[] calldata approvers,
        uint256 newThreshold
    )
        external
        override
        onlyRole(DEFAULT_ADMIN_ROLE)
    {
        _setApprovers(approvers, newThreshold);
    }

    /// @inheritdoc IPayrollVault
    function pause() external override onlyRole(PAUSER_ROLE) {
        _pause();
    }

    /// @inheritdoc IPayrollVault
    function unpause() external override onlyRole(DEFAULT_ADMIN_ROLE) {
        _unpause();
    }

    /*//////////////////////////////////////////////////////////////
                            PRIVATE FUNCTIONS
    //////////////////////////////////////////////////////////////*/

    /// @dev Reserves `size` bytes of memory, so that Solidity's own allocations later go above them.
    function _allocate(uint256 size) private pure returns (uint256 buffer) {
        assembly ("memory-safe") {
            buffer := mload(0x40)
            mstore(0x40, add(buffer, size))
        }
    }

    /// @dev keccak256(abi.encodePacked(payouts)), copied straight from calldata into `target`.
    function _hashPayouts(bytes32[] calldata payouts, uint256 target) private pure returns (bytes32 payoutsHash) {
        assembly ("memory-safe") {
            let size := shl(5, payouts.length)
            calldatacopy(target, payouts.offset, size)
            payoutsHash := keccak256(target, size)
        }
    }

    function _isBatchExecuted(bytes32 runId, uint32 batchIndex) private view returns (bool) {
        return _executedBatches[runId][batchIndex >> 8] & (1 << (batchIndex & 0xff)) != 0;
    }

    function _checkBalance(address token, uint256 total) private view {
        uint256 balance = IERC20(token).balanceOf(address(this));
        if (balance < total) revert Errors.PayrollVault_InsufficientBalance(token, balance, total);
    }

    function _hashPayoutBatch(PayoutBatch calldata batch) private view returns (bytes32) {
        return _hashTypedDataV4(
            keccak256(
                abi.encode(
                    PAYOUT_BATCH_TYPEHASH,
                    batch.runId,
                    batch.batchIndex,
                    batch.token,
                    batch.payoutsHash,
                    batch.total,
                    batch.deadline
                )
            )
        );
    }

    /// @dev Counts the approvals of `batchDigest` and reverts on the first one that does not hold, or when they are
    /// fewer than the threshold. Strictly ascending approvers make "distinct" a comparison with the previous one.
    function _checkApprovals(bytes32 batchDigest, ApproverSignature[] calldata signatures) private view {
        uint256 count = signatures.length;
        address previous;
        for (uint256 i = 0; i < count; ) {
            ApproverSignature calldata approval = signatures[i];
            address approver = approval.approver;
            if (i != 0 && approver <= previous) {
                if (approver == previous) revert Errors.PayrollVault_DuplicateSigner(approver);
                revert Errors.PayrollVault_SignersNotAscending(approver);
            }
            if (!_isApprover[approver]) revert Errors.PayrollVault_SignerNotApprover(approver);

            ApprovalState state = _approvalStates[batchDigest][approver];
            if (state == ApprovalState.Revoked) revert Errors.PayrollVault_ApprovalRevoked(approver);
            if (approval.signature.length == 0) {
                if (state != ApprovalState.Approved) revert Errors.PayrollVault_NotApprovedOnChain(approver);
            } else if (!_isValidSignature(approver, batchDigest, approval.signature)) {
                revert Errors.PayrollVault_InvalidSignature(approver);
            }
            previous = approver;
            // The counter cannot overflow: it stays below the length of a calldata array.
            unchecked {
                ++i;
            }
        }
        uint256 required = _threshold;
        if (count < required) revert Errors.PayrollVault_ThresholdNotMet(count, required);
    }

    /// @dev ECDSA first: it settles the usual case (an EOA approver) without the 2,600-gas cold EXTCODESIZE that
    /// SignatureChecker would spend on every approver; ERC-1271 only for approvers with code (a Safe, an EIP-7702
    /// account whose key did not sign).
    function _isValidSignature(
        address approver,
        bytes32 batchDigest,
        bytes calldata signature
    )
        private
        view
        returns (bool)
    {
        (address recovered, ECDSA.RecoverError error,) = ECDSA.tryRecoverCalldata(batchDigest, signature);
        if (error == ECDSA.RecoverError.NoError && recovered == approver) return true;
        return approver.code.length != 0
            && SignatureChecker.isValidERC1271SignatureNowCalldata(approver, batchDigest, signature);
    }

    /// @dev Sums the amounts, refuses zero recipients and amounts, and screens every recipient with one call to
    /// the sanctions oracle. `buffer` holds the payouts (from `_hashPayouts`) at +0x44 and is turned in place into
    /// the calldata of `firstSanctioned(address[])`.
    function _sumAndScreen(bytes32[] calldata payouts, uint256 buffer) private view returns (uint256 total) {
        uint256 invalidIndex = type(uint256).max;
        assembly ("memory-safe") {
            // The payouts were copied to buffer + 0x44 to be hashed: each word is read there and replaced by its
            // recipient. No overflow: fewer than 2^64 amounts, each below 2^96.
            let start := add(buffer, 0x44)
            let end := add(start, shl(5, payouts.length))
            for { let slot := start } lt(slot, end) { slot := add(slot, 0x20) } {
                let word := mload(slot)
                let recipient := shr(96, word)
                let amount := and(word, 0xffffffffffffffffffffffff)
                // Neither factor reaches 2^160, so the product is 0 only when one of them is.
                if iszero(mul(recipient, amount)) {
                    invalidIndex := shr(5, sub(slot, start))
                    break
                }
                mstore(slot, recipient)
                total := add(total, amount)
            }
        }
        if (invalidIndex != type(uint256).max) {
            if (payouts[invalidIndex] >> 96 == 0) revert Errors.PayrollVault_RecipientZeroAddress(invalidIndex);
            revert Errors.PayrollVault_PayoutAmountZero(invalidIndex);
        }

        ISanctionsOracle oracle = sanctionsOracle;
        bytes4 selector = ISanctionsOracle.firstSanctioned.selector;
        bool answered;
        uint256 found;
        uint256 index;
        assembly ("memory-safe") {
            let count := payouts.length
            mstore(buffer, selector)
            mstore(add(buffer, 0x04), 0x20)
            mstore(add(buffer, 0x24), count)
            answered := staticcall(gas(), oracle, buffer, add(0x44, shl(5, count)), 0x00, 0x40)
            answered := and(answered, gt(returndatasize(), 0x3f))
            found := mload(0x00)
            index := mload(0x20)
        }
        if (!answered) revert Errors.PayrollVault_SanctionsCheckFailed(address(oracle));
        if (found != 0) {
            revert Errors.PayrollVault_RecipientSanctioned(address(uint160(uint256(payouts[index]) >> 96)), index);
        }
    }

    /// @dev One `transfer(recipient, amount)` per payout, each announced by an anonymous {Payout} event. Accepts
    /// tokens that return true and tokens that return nothing (USDT); passes on a token's own revert reason.
    function _pay(address token, bytes32[] calldata payouts, uint256 buffer) private {
        bytes4 transferSelector = IERC20.transfer.selector;
        uint256 failedIndex = type(uint256).max;
        assembly ("memory-safe") {
            mstore(buffer, transferSelector)
            let recipientArgument := add(buffer, 0x04)
            let amountArgument := add(buffer, 0x24)
            let end := add(payouts.offset, shl(5, payouts.length))
            for { let at := payouts.offset } lt(at, end) { at := add(at, 0x20) } {
                let word := calldataload(at)
                // The anonymous {Payout} event.
                mstore(0x00, word)
                log0(0x00, 0x20)
                mstore(recipientArgument, shr(96, word))
                mstore(amountArgument, and(word, 0xffffffffffffffffffffffff))
                let success := call(gas(), token, 0, buffer, 0x44, 0x00, 0x20)
                // Fast path: the token returned true. Else: success with no return data from a contract is fine.
                if iszero(and(eq(mload(0x00), 1), success)) {
                    if iszero(lt(or(iszero(extcodesize(token)), returndatasize()), success)) {
                        // A revert with a reason of the token's own: pass it on.
                        if and(iszero(success), gt(returndatasize(), 0)) {
                            returndatacopy(buffer, 0x00, returndatasize())
                            revert(buffer, returndatasize())
                        }
                        failedIndex := shr(5, sub(at, payouts.offset))
                        break
                    }
                }
            }
        }
        if (failedIndex != type(uint256).max) {
            revert Errors.PayrollVault_TransferFailed(token, address(uint160(uint256(payouts[failedIndex]) >> 96)));
        }
    }

    function _setApprovers(address[] memory approvers, uint256 newThreshold) private {
        // Checks
        uint256 count = approvers.length;
        if (count > MAX_APPROVERS) revert Errors.PayrollVault_TooManyApprovers(count, MAX_APPROVERS);
        if (newThreshold == 0 || newThreshold > count) {
            revert Errors.PayrollVault_ThresholdOutOfRange(newThreshold, count);
        }

        // Effects: unmark the old set, mark the new one (refusing zero and duplicate addresses), then announce the
        // difference between the two.
        address[] memory previous = _approvers;
        for (uint256 i = 0; i < previous.length; ++i) {
            _isApprover[previous[i]] = false;
        }
        for (uint256 i = 0; i < count; ++i) {
            address approver = approvers[i];
            if (approver == address(0)) revert Errors.PayrollVault_ApproverZeroAddress();
            if (_isApprover[approver]) revert Errors.PayrollVault_DuplicateApprover(approver);
            _isApprover[approver] = true;
        }
        for (uint256 i = 0; i < previous.length; ++i) {
            if (!_isApprover[previous[i]]) emit ApproverRemoved(previous[i]);
        }
        for (uint256 i = 0; i < count; ++i) {
            if (!_contains(previous, approvers[i])) emit ApproverAdded(approvers[i]);
        }
        _approvers = approvers;
        emit ThresholdChanged(_threshold, newThreshold);
        // No truncation: newThreshold <= count <= MAX_APPROVERS.
        _threshold = uint64(newThreshold);
    }

    function _contains(address[] memory list, address account) private pure returns (bool) {
        for (uint256 i = 0; i < list.length; ++i) {
            if (list[i] == account) return true;
        }
        return false;
    }
}
