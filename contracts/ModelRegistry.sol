// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.28;

import { AccessControl } from "@openzeppelin/contracts/access/AccessControl.sol";

import { Errors } from "./Errors.sol";
import { IModelRegistry } from "./interfaces/IModelRegistry.sol";
import { IRewardDistributor } from "./interfaces/IRewardDistributor.sol";

/// @title ModelRegistry
/// @notice See the documentation in {IModelRegistry}.
/// @dev The reward root is read from the distributor rather than taken from the registrar: a version can only ever
/// point at the epoch that was really published, and a reader needs no second source to trust it.
contract ModelRegistry is IModelRegistry, AccessControl {
    /*//////////////////////////////////////////////////////////////
                                CONSTANTS
    //////////////////////////////////////////////////////////////*/

    /// @inheritdoc IModelRegistry
    bytes32 public constant override REGISTRAR_ROLE = keccak256("REGISTRAR_ROLE");

    /// @inheritdoc IModelRegistry
    uint64 public constant override NO_DIFFERENTIAL_PRIVACY = type(uint64).max;

    /// @inheritdoc IModelRegistry
    uint256 public constant override MAX_DATA_COMMITMENTS = 256;

    /// @inheritdoc IModelRegistry
    uint256 public constant override MAX_URI_BYTES = 1024;

    /// @inheritdoc IModelRegistry
    IRewardDistributor public immutable override REWARD_DISTRIBUTOR;

    uint256 private constant BASIS_POINTS = 10_000;

    uint64 private constant DELTA_ONE = 1e18;

    /*//////////////////////////////////////////////////////////////
                                 STORAGE
    //////////////////////////////////////////////////////////////*/

    /// @inheritdoc IModelRegistry
    uint256 public override versionCount;

    /// @inheritdoc IModelRegistry
    mapping(bytes32 modelSha256 => uint256 version) public override versionOfModel;

    mapping(uint256 version => ModelVersion) private _versions;

    /// @param admin The account given DEFAULT_ADMIN_ROLE (it can grant and revoke REGISTRAR_ROLE).
    /// @param registrar The account given REGISTRAR_ROLE.
    /// @param distributor The reward distributor whose epochs versions name.
    constructor(address admin, address registrar, IRewardDistributor distributor) {
        if (admin == address(0)) revert Errors.ModelRegistry_AdminZeroAddress();
        if (registrar == address(0)) revert Errors.ModelRegistry_RegistrarZeroAddress();
        if (address(distributor) == address(0)) revert Errors.ModelRegistry_DistributorZeroAddress();
        _grantRole(DEFAULT_ADMIN_ROLE, admin);
        _grantRole(REGISTRAR_ROLE, registrar);
        REWARD_DISTRIBUTOR = distributor;
    }

    /// @inheritdoc IModelRegistry
    function getModelVersion(uint256 version) external view override returns (ModelVersion memory) {
        if (version == 0 || version > versionCount) revert Errors.ModelRegistry_VersionNotFound(version);
        return _versions[version];
    }

    /// @inheritdoc IModelRegistry
    function registerModelVersion(ModelVersionInput calldata input)
        external
        override
        onlyRole(REGISTRAR_ROLE)
        returns (uint256 version)
    {
        // Checks: the model file, once.
        if (input.modelSha256 == bytes32(0)) revert Errors.ModelRegistry_ModelHashZero();
        uint256 existing = versionOfModel[input.modelSha256];
        if (existing != 0) revert Errors.ModelRegistry_ModelAlreadyRegistered(input.modelSha256, existing);

        // Checks: metrics and privacy in their documented units.
        if (input.f1Bps > BASIS_POINTS) revert Errors.ModelRegistry_BasisPointsOutOfRange(input.f1Bps);
        if (input.rocAucBps > BASIS_POINTS) revert Errors.ModelRegistry_BasisPointsOutOfRange(input.rocAucBps);
        bool withoutPrivacy = input.epsilonMicros == NO_DIFFERENTIAL_PRIVACY;
        if (input.deltaE18 > DELTA_ONE || (withoutPrivacy && input.deltaE18 != 0)) {
            revert Errors.ModelRegistry_DeltaOutOfRange(input.deltaE18);
        }

        // Checks: the URI.
        uint256 uriLength = bytes(input.uri).length;
        if (uriLength == 0) revert Errors.ModelRegistry_UriEmpty();
        if (uriLength > MAX_URI_BYTES) revert Errors.ModelRegistry_UriTooLong(uriLength, MAX_URI_BYTES);

        // Checks: the reward epoch exists; its root is what the version records. (A view call to the immutable
        // distributor, before any effect.)
        bytes32 rewardRoot;
        if (input.rewardEpoch != 0) {
            if (input.rewardEpoch > REWARD_DISTRIBUTOR.epochCount()) {
                revert Errors.ModelRegistry_RewardEpochNotFound(input.rewardEpoch);
            }
            rewardRoot = REWARD_DISTRIBUTOR.getEpoch(input.rewardEpoch).merkleRoot;
        }

        // Effects: the new version, numbered in order and never changed again.
        version = versionCount + 1;
        versionCount = version;
        versionOfModel[input.modelSha256] = version;
        ModelVersion storage record = _versions[version];
        record.modelSha256 = input.modelSha256;
        record.f1Bps = input.f1Bps;
        record.rocAucBps = input.rocAucBps;
        record.epsilonMicros = input.epsilonMicros;
        record.deltaE18 = input.deltaE18;
        record.rewardEpoch = input.rewardEpoch;
        record.rewardRoot = rewardRoot;
        record.uri = input.uri;
        record.registrar = msg.sender;
        record.registeredAt = uint64(block.timestamp);
        _storeDataCommitments(record, input.dataCommitments);

        emit ModelVersionRegistered(version, input.modelSha256, input.rewardEpoch, rewardRoot, input.uri);
    }

    /// @dev Checks and copies the data commitments: 1 to MAX_DATA_COMMITMENTS, parties strictly ascending (so none
    /// repeats and the list has one canonical order), no zero party or commitment.
    function _storeDataCommitments(ModelVersion storage record, DataCommitment[] calldata commitments) private {
        uint256 count = commitments.length;
        if (count == 0) revert Errors.ModelRegistry_NoDataCommitments();
        if (count > MAX_DATA_COMMITMENTS) {
            revert Errors.ModelRegistry_TooManyDataCommitments(count, MAX_DATA_COMMITMENTS);
        }
        address previous;
        for (uint256 i = 0; i < count; ++i) {
            DataCommitment calldata entry = commitments[i];
            if (entry.party == address(0)) revert Errors.ModelRegistry_PartyZeroAddress(i);
            if (entry.party <= previous) revert Errors.ModelRegistry_PartiesNotAscending(i);
            if (entry.commitment == bytes32(0)) revert Errors.ModelRegistry_DataCommitmentZero(i);
            record.dataCommitments.push(entry);
            previous = entry.party;
        }
    }
}
