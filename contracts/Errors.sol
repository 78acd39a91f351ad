// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.28;

/// @title Errors
/// @notice Every custom error of Tandem's contracts, named `Contract_Reason`.
library Errors {
    /*//////////////////////////////////////////////////////////////
                              TEST STABLECOIN
    //////////////////////////////////////////////////////////////*/

    /// @notice Thrown when the admin given to the constructor is the zero address.
    error TestStablecoin_AdminZeroAddress();

    /// @notice Thrown when `mint` is called on a chain other than the development chain.
    error TestStablecoin_MintOnlyOnDevChain(uint256 chainId);

    /*//////////////////////////////////////////////////////////////
                                PRICE FEED
    //////////////////////////////////////////////////////////////*/

    /// @notice Thrown when the admin given to the constructor is the zero address.
    error PriceFeed_AdminZeroAddress();

    /// @notice Thrown when an answer is not a positive price that fits in an int192.
    error PriceFeed_AnswerOutOfRange(int256 answer);

    /// @notice Thrown when a round id has no data: 0 or a round after the latest one.
    error PriceFeed_RoundNotFound(uint80 roundId);

    /*//////////////////////////////////////////////////////////////
                             SANCTIONS ORACLE
    //////////////////////////////////////////////////////////////*/

    /// @notice Thrown when the admin given to the constructor is the zero address.
    error SanctionsOracle_AdminZeroAddress();

    /// @notice Thrown when a batch contains the zero address.
    error SanctionsOracle_ZeroAddress();

    /// @notice Thrown when the data contract of a new Bloom filter could not be created.
    error SanctionsOracle_FilterNotStored();

    /*//////////////////////////////////////////////////////////////
                              PAYROLL VAULT
    //////////////////////////////////////////////////////////////*/

    /// @notice Thrown when the admin given to the constructor is the zero address.
    error PayrollVault_AdminZeroAddress();

    /// @notice Thrown when the sanctions oracle given to the constructor is the zero address.
    error PayrollVault_SanctionsOracleZeroAddress();

    /// @notice Thrown when an approver list contains the zero address.
    error PayrollVault_ApproverZeroAddress();

    /// @notice Thrown when an approver list names the same address twice.
    error PayrollVault_DuplicateApprover(address approver);

    /// @notice Thrown when an approver list is longer than MAX_APPROVERS.
    error PayrollVault_TooManyApprovers(uint256 count, uint256 max);

    /// @notice Thrown when a threshold is 0 or larger than the number of approvers.
    error PayrollVault_ThresholdOutOfRange(uint256 threshold, uint256 approverCount);

    /// @notice Thrown when `approveBatch` or `revokeApproval` is called by an account that is not an approver.
    error PayrollVault_CallerNotApprover(address caller);

    /// @notice Thrown when a batch is executed after its deadline.
    error PayrollVault_DeadlinePassed(uint256 deadline, uint256 timestamp);

    /// @notice Thrown when a batch has no payouts.
    error PayrollVault_EmptyBatch();

    /// @notice Thrown when the payouts passed do not hash to the approved `payoutsHash`.
    error PayrollVault_PayoutsHashMismatch(bytes32 approved, bytes32 actual);

    /// @notice Thrown when the payouts do not add up to the approved `total`.
    error PayrollVault_TotalMismatch(uint256 approved, uint256 actual);

    /// @notice Thrown when the batch (runId, batchIndex) was already executed: a batch never pays twice.
    error PayrollVault_BatchAlreadyExecuted(bytes32 runId, uint32 batchIndex);

    /// @notice Thrown when the approvals of an execution are not in strictly ascending order of approver address.
    error PayrollVault_SignersNotAscending(address approver);

    /// @notice Thrown when the approvals of an execution name the same approver twice.
    error PayrollVault_DuplicateSigner(address approver);

    /// @notice Thrown when an approval is given by an address that is not a current approver.
    error PayrollVault_SignerNotApprover(address signer);

    /// @notice Thrown when an approver revoked their approval of the batch.
    error PayrollVault_ApprovalRevoked(address approver);

    /// @notice Thrown when an approval without signature names an approver who did not approve on chain.
    error PayrollVault_NotApprovedOnChain(address approver);

    /// @notice Thrown when a signature is not the approver's signature of the batch.
    error PayrollVault_InvalidSignature(address approver);

    /// @notice Thrown when fewer approvers than the threshold approved the batch.
    error PayrollVault_ThresholdNotMet(uint256 approvals, uint256 threshold);

    /// @notice Thrown when a payout names the zero address.
    error PayrollVault_RecipientZeroAddress(uint256 index);

    /// @notice Thrown when a payout's amount is zero.
    error PayrollVault_PayoutAmountZero(uint256 index);

    /// @notice Thrown when the sanctions oracle flags a recipient of the batch.
    error PayrollVault_RecipientSanctioned(address recipient, uint256 index);

    /// @notice Thrown when the sanctions oracle does not answer a batch query (no code, or it reverted).
    error PayrollVault_SanctionsCheckFailed(address oracle);

    /// @notice Thrown when the vault holds less of the token than the batch pays.
    error PayrollVault_InsufficientBalance(address token, uint256 balance, uint256 total);

    /// @notice Thrown when a token transfer fails without a reason of its own.
    error PayrollVault_TransferFailed(address token, address recipient);

    /*//////////////////////////////////////////////////////////////
                           TANDEM REWARD TOKEN
    //////////////////////////////////////////////////////////////*/

    /// @notice Thrown when the minter given to the constructor is the zero address.
    error TandemRewardToken_MinterZeroAddress();

    /// @notice Thrown when `mint` is called by an account other than the minter (the reward distributor).
    error TandemRewardToken_CallerNotMinter(address caller);

    /*//////////////////////////////////////////////////////////////
                           REWARD DISTRIBUTOR
    //////////////////////////////////////////////////////////////*/

    /// @notice Thrown when the admin given to the constructor is the zero address.
    error RewardDistributor_AdminZeroAddress();

    /// @notice Thrown when the publisher given to the constructor is the zero address.
    error RewardDistributor_PublisherZeroAddress();

    /// @notice Thrown when an epoch is published out of order (or published again): it must be `epochCount() + 1`.
    error RewardDistributor_EpochNotNext(uint64 epoch, uint64 expected);

    /// @notice Thrown when an epoch is published with a zero Merkle root.
    error RewardDistributor_MerkleRootZero();

    /// @notice Thrown when an epoch is published with a total of zero.
    error RewardDistributor_TotalZero();

    /// @notice Thrown when an epoch's total would take the declared totals past the token's cap.
    error RewardDistributor_TotalExceedsCap(uint256 total, uint256 remaining);

    /// @notice Thrown when an epoch that was not published is read or claimed from.
    error RewardDistributor_EpochNotFound(uint64 epoch);

    /// @notice Thrown when a claim names the zero address.
    error RewardDistributor_AccountZeroAddress();

    /// @notice Thrown when a claim's amount is zero.
    error RewardDistributor_AmountZero();

    /// @notice Thrown when an account claims its reward of an epoch a second time.
    error RewardDistributor_AlreadyClaimed(uint64 epoch, address account);

    /// @notice Thrown when a claim's proof does not prove (epoch, account, amount) against the epoch's root.
    error RewardDistributor_InvalidProof(uint64 epoch, address account, uint256 amount);

    /// @notice Thrown when a claim would take an epoch's claims past its declared total.
    error RewardDistributor_EpochTotalExceeded(uint64 epoch, uint256 claimed, uint256 amount, uint256 total);

    /*//////////////////////////////////////////////////////////////
                             MODEL REGISTRY
    //////////////////////////////////////////////////////////////*/

    /// @notice Thrown when the admin given to the constructor is the zero address.
    error ModelRegistry_AdminZeroAddress();

    /// @notice Thrown when the registrar given to the constructor is the zero address.
    error ModelRegistry_RegistrarZeroAddress();

    /// @notice Thrown when the reward distributor given to the constructor is the zero address.
    error ModelRegistry_DistributorZeroAddress();

    /// @notice Thrown when a version is registered with a zero model hash.
    error ModelRegistry_ModelHashZero();

    /// @notice Thrown when a model file is registered again; `version` is the version that registered it.
    error ModelRegistry_ModelAlreadyRegistered(bytes32 modelSha256, uint256 version);

    /// @notice Thrown when a version names no data commitment.
    error ModelRegistry_NoDataCommitments();

    /// @notice Thrown when a version names more than MAX_DATA_COMMITMENTS data commitments.
    error ModelRegistry_TooManyDataCommitments(uint256 count, uint256 max);

    /// @notice Thrown when a data commitment's party is the zero address.
    error ModelRegistry_PartyZeroAddress(uint256 index);

    /// @notice Thrown when the data commitments' parties are not in strictly ascending order (or one repeats).
    error ModelRegistry_PartiesNotAscending(uint256 index);

    /// @notice Thrown when a data commitment is zero.
    error ModelRegistry_DataCommitmentZero(uint256 index);

    /// @notice Thrown when a metric in basis points is above 10,000.
    error ModelRegistry_BasisPointsOutOfRange(uint256 value);

    /// @notice Thrown when delta is above 10^18 (delta > 1), or not 0 for a model trained without DP.
    error ModelRegistry_DeltaOutOfRange(uint64 deltaE18);

    /// @notice Thrown when a version names a reward epoch the distributor has not published.
    error ModelRegistry_RewardEpochNotFound(uint64 epoch);

    /// @notice Thrown when a version's URI is empty.
    error ModelRegistry_UriEmpty();

    /// @notice Thrown when a version's URI is longer than MAX_URI_BYTES.
    error ModelRegistry_UriTooLong(uint256 length, uint256 max);

    /// @notice Thrown when a version that was not registered is read.
    error ModelRegistry_VersionNotFound(uint256 version);
}
