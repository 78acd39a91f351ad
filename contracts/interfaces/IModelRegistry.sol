// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.28;

import { IRewardDistributor } from "./IRewardDistributor.sol";

/// @title IModelRegistry
/// @notice The provenance of every version of the open fraud model: which file (its sha256), trained on which data
/// (each party's commitment to the rows it used), how good it is, how much privacy its training spent, and which
/// reward epoch paid its contributors. Anyone holding a model file can recompute its sha256 and find its record;
/// the risk engine refuses a registry version whose file does not hash to the recorded value.
/// @dev Versions are numbered 1, 2, … in registration order and are never changed or removed (append-only). A model
/// file is registered at most once, so `versionOfModel` answers "which version is this file?".
///
/// Units:
/// - `modelSha256`: sha256 of the model file's bytes (Tandem writes models as canonical JSON, so it is also the hash
///   of the model's canonical form).
/// - `f1Bps`, `rocAucBps`: F1 score and ROC-AUC on the coordinator's held-out validation set, in basis points
///   (0.9561 → 9561), rounded half up; at most 10,000.
/// - `epsilonMicros`: the differential-privacy epsilon spent by the training, times 10^6, rounded up (so the record
///   never understates what was spent). `NO_DIFFERENTIAL_PRIVACY` (2^64 - 1) means trained without DP noise
///   (epsilon = infinity).
/// - `deltaE18`: the DP delta as a fixed-point number with 18 decimals (1e-5 → 10^13), at most 10^18 (delta = 1);
///   0 when `epsilonMicros` is `NO_DIFFERENTIAL_PRIVACY`.
interface IModelRegistry {
    /*//////////////////////////////////////////////////////////////
                                 TYPES
    //////////////////////////////////////////////////////////////*/

    /// @notice One data contributor's commitment to the rows it trained on.
    /// @param party The contributor's node address (the key that signed its messages).
    /// @param commitment The party's commitment to its training data, e.g. a salted hash of its rows; the party can
    /// later open it to show which data it used without anyone else having seen the data.
    struct DataCommitment {
        address party;
        bytes32 commitment;
    }

    /// @notice What the registrar submits for a new version.
    /// @param modelSha256 sha256 of the model file.
    /// @param dataCommitments One per data contributor, in strictly ascending order of `party`.
    /// @param f1Bps F1 score in basis points.
    /// @param rocAucBps ROC-AUC in basis points.
    /// @param epsilonMicros Epsilon × 10^6, or NO_DIFFERENTIAL_PRIVACY.
    /// @param deltaE18 Delta × 10^18.
    /// @param rewardEpoch The reward epoch that paid this version's contributors (its root is copied from the
    /// distributor), or 0 when none did.
    /// @param uri Where the model file can be fetched (e.g. `https://…/fraud-v3.json` or `ipfs://…`).
    struct ModelVersionInput {
        bytes32 modelSha256;
        DataCommitment[] dataCommitments;
        uint16 f1Bps;
        uint16 rocAucBps;
        uint64 epsilonMicros;
        uint64 deltaE18;
        uint64 rewardEpoch;
        string uri;
    }

    /// @notice A registered version: the input, the reward root of its epoch, who registered it and when.
    struct ModelVersion {
        bytes32 modelSha256;
        DataCommitment[] dataCommitments;
        uint16 f1Bps;
        uint16 rocAucBps;
        uint64 epsilonMicros;
        uint64 deltaE18;
        uint64 rewardEpoch;
        bytes32 rewardRoot;
        string uri;
        address registrar;
        uint64 registeredAt;
    }

    /*//////////////////////////////////////////////////////////////
                                 EVENTS
    //////////////////////////////////////////////////////////////*/

    /// @notice Emitted when a model version is registered.
    /// @param version The new version's number.
    /// @param modelSha256 sha256 of its model file.
    /// @param rewardEpoch Its reward epoch (0: none).
    /// @param rewardRoot That epoch's Merkle root (0: none).
    /// @param uri Where its file can be fetched.
    event ModelVersionRegistered(
        uint256 indexed version, bytes32 indexed modelSha256, uint64 indexed rewardEpoch, bytes32 rewardRoot, string uri
    );

    /*//////////////////////////////////////////////////////////////
                              READ FUNCTIONS
    //////////////////////////////////////////////////////////////*/

    /// @notice The role allowed to register versions (Tandem's coordinator).
    function REGISTRAR_ROLE() external view returns (bytes32);

    /// @notice The distributor whose epochs' roots versions record.
    function REWARD_DISTRIBUTOR() external view returns (IRewardDistributor);

    /// @notice The value of `epsilonMicros` that means "trained without differential privacy".
    function NO_DIFFERENTIAL_PRIVACY() external view returns (uint64);

    /// @notice The most data commitments one version may record.
    function MAX_DATA_COMMITMENTS() external view returns (uint256);

    /// @notice The longest `uri`, in bytes.
    function MAX_URI_BYTES() external view returns (uint256);

    /// @notice How many versions are registered; versions are numbered 1 to `versionCount()`.
    function versionCount() external view returns (uint256);

    /// @notice The version that registered the model file with sha256 `modelSha256`, or 0 when none did.
    function versionOfModel(bytes32 modelSha256) external view returns (uint256);

    /// @notice Version `version`.
    /// @dev Reverts with {Errors.ModelRegistry_VersionNotFound} unless 1 <= version <= versionCount().
    function getModelVersion(uint256 version) external view returns (ModelVersion memory);

    /*//////////////////////////////////////////////////////////////
                             WRITE FUNCTIONS
    //////////////////////////////////////////////////////////////*/

    /// @notice Registers a new model version.
    /// @dev Emits {ModelVersionRegistered}.
    ///
    /// Requirements:
    /// - The caller must have REGISTRAR_ROLE.
    /// - `modelSha256` must not be zero and must not be registered yet.
    /// - There must be 1 to MAX_DATA_COMMITMENTS data commitments, with non-zero parties in strictly ascending
    ///   order and non-zero commitments.
    /// - `f1Bps` and `rocAucBps` must be at most 10,000; `deltaE18` at most 10^18, and 0 without DP.
    /// - `rewardEpoch`, when not 0, must be published on the distributor.
    /// - `uri` must not be empty nor longer than MAX_URI_BYTES.
    ///
    /// @param input The version's record.
    /// @return version The new version's number.
    function registerModelVersion(ModelVersionInput calldata input) external returns (uint256 version);
}
