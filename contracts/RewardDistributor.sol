// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.28;

import { AccessControl } from "@openzeppelin/contracts/access/AccessControl.sol";
import { MerkleProof } from "@openzeppelin/contracts/utils/cryptography/MerkleProof.sol";

import { Errors } from "./Errors.sol";
import { IRewardDistributor } from "./interfaces/IRewardDistributor.sol";
import { ITandemRewardToken } from "./interfaces/ITandemRewardToken.sol";
import { TandemRewardToken } from "./TandemRewardToken.sol";

/// @title RewardDistributor
/// @notice See the documentation in {IRewardDistributor}.
/// @dev The constructor deploys the reward token with this contract as its minter: the token needs the minter's
/// address at deployment and the distributor needs the token's, and creating one from the other settles both in one
/// transaction, with no window in which anyone else could mint.
///
/// No ReentrancyGuard: `claim` marks the claim and counts it before its one external call (to the token this
/// contract deployed, which calls nothing back), so a re-entered claim would find it claimed.
contract RewardDistributor is IRewardDistributor, AccessControl {
    /*//////////////////////////////////////////////////////////////
                                CONSTANTS
    //////////////////////////////////////////////////////////////*/

    /// @inheritdoc IRewardDistributor
    bytes32 public constant override PUBLISHER_ROLE = keccak256("PUBLISHER_ROLE");

    /// @inheritdoc IRewardDistributor
    ITandemRewardToken public immutable override TOKEN;

    /// @dev The token's cap, read once: it is immutable in the token too.
    uint256 private immutable _cap;

    /*//////////////////////////////////////////////////////////////
                                 STORAGE
    //////////////////////////////////////////////////////////////*/

    /// @inheritdoc IRewardDistributor
    uint64 public override epochCount;

    /// @inheritdoc IRewardDistributor
    uint256 public override totalDeclared;

    /// @inheritdoc IRewardDistributor
    uint256 public override totalClaimed;

    mapping(uint64 epoch => Epoch) private _epochs;

    mapping(uint64 epoch => mapping(address account => bool)) private _claimed;

    /// @param admin The account given DEFAULT_ADMIN_ROLE (it can grant and revoke PUBLISHER_ROLE).
    /// @param publisher The account given PUBLISHER_ROLE.
    /// @param tokenName The reward token's name.
    /// @param tokenSymbol The reward token's symbol.
    /// @param tokenCap The reward token's cap, in its smallest unit.
    constructor(
        address admin,
        address publisher,
        string memory tokenName,
        string memory tokenSymbol,
        uint256 tokenCap
    ) {
        if (admin == address(0)) revert Errors.RewardDistributor_AdminZeroAddress();
        if (publisher == address(0)) revert Errors.RewardDistributor_PublisherZeroAddress();
        _grantRole(DEFAULT_ADMIN_ROLE, admin);
        _grantRole(PUBLISHER_ROLE, publisher);
        TOKEN = new TandemRewardToken(tokenName, tokenSymbol, tokenCap, address(this));
        _cap = tokenCap;
    }

    /*//////////////////////////////////////////////////////////////
                              READ FUNCTIONS
    //////////////////////////////////////////////////////////////*/

    /// @inheritdoc IRewardDistributor
    function getEpoch(uint64 epoch) external view override returns (Epoch memory) {
        if (epoch == 0 || epoch > epochCount) revert Errors.RewardDistributor_EpochNotFound(epoch);
        return _epochs[epoch];
    }

    /// @inheritdoc IRewardDistributor
    function isClaimed(uint64 epoch, address account) external view override returns (bool) {
        return _claimed[epoch][account];
    }

    /// @inheritdoc IRewardDistributor
    function rewardLeaf(uint64 epoch, address account, uint256 amount) public pure override returns (bytes32) {
        return keccak256(bytes.concat(keccak256(abi.encode(epoch, account, amount))));
    }

    /*//////////////////////////////////////////////////////////////
                             WRITE FUNCTIONS
    //////////////////////////////////////////////////////////////*/

    /// @inheritdoc IRewardDistributor
    function publishEpoch(
        uint64 epoch,
        bytes32 merkleRoot,
        uint256 total
    )
        external
        override
        onlyRole(PUBLISHER_ROLE)
    {
        // Checks: epochs are published in order, each once.
        uint64 expected = epochCount + 1;
        if (epoch != expected) revert Errors.RewardDistributor_EpochNotNext(epoch, expected);
        if (merkleRoot == bytes32(0)) revert Errors.RewardDistributor_MerkleRootZero();
        if (total == 0) revert Errors.RewardDistributor_TotalZero();
        // Checks: declared totals stay within the cap, so every valid claim of every epoch can be minted.
        uint256 remaining = _cap - totalDeclared;
        if (total > remaining) revert Errors.RewardDistributor_TotalExceedsCap(total, remaining);

        // Effects
        epochCount = epoch;
        totalDeclared += total;
        _epochs[epoch] = Epoch({ merkleRoot: merkleRoot, total: total, claimed: 0, publishedAt: uint64(block.timestamp) });
        emit EpochPublished(epoch, merkleRoot, total);
    }

    /// @inheritdoc IRewardDistributor
    function claim(uint64 epoch, address account, uint256 amount, bytes32[] calldata proof) external override {
        // Checks
        if (epoch == 0 || epoch > epochCount) revert Errors.RewardDistributor_EpochNotFound(epoch);
        if (account == address(0)) revert Errors.RewardDistributor_AccountZeroAddress();
        if (amount == 0) revert Errors.RewardDistributor_AmountZero();
        if (_claimed[epoch][account]) revert Errors.RewardDistributor_AlreadyClaimed(epoch, account);
        Epoch storage record = _epochs[epoch];
        if (!MerkleProof.verifyCalldata(proof, record.merkleRoot, rewardLeaf(epoch, account, amount))) {
            revert Errors.RewardDistributor_InvalidProof(epoch, account, amount);
        }
        // Checks: a tree whose amounts add up to more than its declared total can never mint past that total.
        uint256 claimed = record.claimed;
        if (amount > record.total - claimed) {
            revert Errors.RewardDistributor_EpochTotalExceeded(epoch, claimed, amount, record.total);
        }

        // Effects: marked before the mint, so the same reward can never be minted twice.
        _claimed[epoch][account] = true;
        record.claimed = claimed + amount;
        totalClaimed += amount;
        emit RewardClaimed(epoch, account, amount, msg.sender);

        // Interactions: the token this contract deployed, which calls nothing back.
        TOKEN.mint(account, amount);
    }
}
