// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.28;

import { ITandemRewardToken } from "./ITandemRewardToken.sol";

/// @title IRewardDistributor
/// @notice Pays the open AI network's contributors in {ITandemRewardToken}. For each reward epoch (one per model
/// version the network trains) the publisher posts one Merkle root over every contributor's reward and the epoch's
/// total; each contributor then claims its own reward with a Merkle proof, and the distributor mints it.
/// @dev Leaves are built as OpenZeppelin's `StandardMerkleTree` builds them (`@openzeppelin/merkle-tree`, leaf
/// encoding `["uint64", "address", "uint256"]` for (epoch, account, amount)): the leaf is
/// `keccak256(bytes.concat(keccak256(abi.encode(epoch, account, amount))))`. Hashing twice means no 64-byte leaf
/// preimage can pass for an inner node; the epoch in the leaf means a proof is valid for its own epoch only, even if
/// two epochs shared a tree. Proofs are checked with OpenZeppelin's `MerkleProof` (sorted pairs).
///
/// Supply rules: each epoch declares its total at publication, and the totals of all epochs never exceed the token's
/// cap; an epoch mints at most its total; an (epoch, account) pair claims at most once. Hence the token's supply is
/// always the sum of all claims and never exceeds the cap, and no honest claim can ever fail for lack of room.
interface IRewardDistributor {
    /*//////////////////////////////////////////////////////////////
                                 TYPES
    //////////////////////////////////////////////////////////////*/

    /// @notice A published reward epoch.
    /// @param merkleRoot The root of the epoch's reward tree.
    /// @param total The most the epoch may mint: the sum of its tree's amounts.
    /// @param claimed What was claimed (minted) from the epoch so far.
    /// @param publishedAt The block timestamp of publication.
    struct Epoch {
        bytes32 merkleRoot;
        uint256 total;
        uint256 claimed;
        uint64 publishedAt;
    }

    /*//////////////////////////////////////////////////////////////
                                 EVENTS
    //////////////////////////////////////////////////////////////*/

    /// @notice Emitted when a reward epoch is published.
    /// @param epoch The epoch number (1, 2, …).
    /// @param merkleRoot The root of its reward tree.
    /// @param total The sum of its rewards.
    event EpochPublished(uint64 indexed epoch, bytes32 merkleRoot, uint256 total);

    /// @notice Emitted when a contributor's reward of an epoch is claimed (and minted to it).
    /// @param epoch The epoch.
    /// @param account The contributor, who received the tokens.
    /// @param amount The reward, in the token's smallest unit.
    /// @param caller Who sent the claim (the contributor, or anyone on its behalf).
    event RewardClaimed(uint64 indexed epoch, address indexed account, uint256 amount, address caller);

    /*//////////////////////////////////////////////////////////////
                              READ FUNCTIONS
    //////////////////////////////////////////////////////////////*/

    /// @notice The role allowed to publish reward epochs.
    function PUBLISHER_ROLE() external view returns (bytes32);

    /// @notice The reward token, deployed by this contract's constructor with this contract as its only minter.
    function TOKEN() external view returns (ITandemRewardToken);

    /// @notice How many epochs were published; epochs are numbered 1 to `epochCount()`.
    function epochCount() external view returns (uint64);

    /// @notice The sum of the totals of all published epochs; never more than the token's cap.
    function totalDeclared() external view returns (uint256);

    /// @notice The sum of all claims so far; always equal to the token's total supply.
    function totalClaimed() external view returns (uint256);

    /// @notice The epoch `epoch`.
    /// @dev Reverts with {Errors.RewardDistributor_EpochNotFound} unless 1 <= epoch <= epochCount().
    function getEpoch(uint64 epoch) external view returns (Epoch memory);

    /// @notice Whether `account` already claimed its reward of `epoch`.
    function isClaimed(uint64 epoch, address account) external view returns (bool);

    /// @notice The tree leaf of a reward, exactly as `@openzeppelin/merkle-tree`'s StandardMerkleTree hashes
    /// (epoch, account, amount) with leaf encoding ["uint64", "address", "uint256"].
    function rewardLeaf(uint64 epoch, address account, uint256 amount) external pure returns (bytes32);

    /*//////////////////////////////////////////////////////////////
                             WRITE FUNCTIONS
    //////////////////////////////////////////////////////////////*/

    /// @notice Publishes reward epoch `epoch` with its tree's root and total.
    /// @dev Emits {EpochPublished}. Naming the epoch (rather than taking the next number) makes a repeated
    /// publication of the same epoch fail instead of creating a second epoch with the same rewards.
    ///
    /// Requirements:
    /// - The caller must have PUBLISHER_ROLE.
    /// - `epoch` must be `epochCount() + 1`.
    /// - `merkleRoot` must not be zero.
    /// - `total` must be greater than zero, and `totalDeclared() + total` must not exceed the token's cap.
    ///
    /// @param epoch The number of the new epoch.
    /// @param merkleRoot The root of the epoch's reward tree.
    /// @param total The sum of the epoch's rewards.
    function publishEpoch(uint64 epoch, bytes32 merkleRoot, uint256 total) external;

    /// @notice Claims `account`'s reward of `epoch`: mints `amount` tokens to `account`.
    /// @dev Emits {RewardClaimed} and the token's {Transfer} from the zero address. Anyone may send the claim (for
    /// example Tandem, paying the gas for its contributors): the tokens always go to `account`.
    ///
    /// Requirements:
    /// - `epoch` must be published.
    /// - `account` must not be the zero address, and `amount` must be greater than zero.
    /// - `account` must not have claimed its reward of `epoch` yet.
    /// - `proof` must prove the leaf (epoch, account, amount) against the epoch's root.
    /// - The epoch's claims plus `amount` must not exceed its total.
    ///
    /// @param epoch The epoch.
    /// @param account The contributor.
    /// @param amount Its reward, exactly as in the tree.
    /// @param proof The sibling hashes from the leaf to the root.
    function claim(uint64 epoch, address account, uint256 amount, bytes32[] calldata proof) external;
}
