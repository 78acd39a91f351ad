// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.28;

import { AccessControl } from "@openzeppelin/contracts/access/AccessControl.sol";

import { Errors } from "./Errors.sol";
import { AggregatorV3Interface } from "./interfaces/AggregatorV3Interface.sol";
import { IPriceFeed } from "./interfaces/IPriceFeed.sol";

/// @title PriceFeed
/// @notice See the documentation in {IPriceFeed}.
contract PriceFeed is IPriceFeed, AccessControl {
    /// @dev One round in one storage slot: an int192 answer is what Chainlink's OCR aggregators store too.
    struct Round {
        int192 answer;
        uint64 updatedAt;
    }

    /// @inheritdoc IPriceFeed
    bytes32 public constant override ORACLE_ROLE = keccak256("ORACLE_ROLE");

    /// @inheritdoc AggregatorV3Interface
    uint256 public constant override version = 1;

    /// @inheritdoc AggregatorV3Interface
    uint8 public immutable override decimals;

    /// @inheritdoc AggregatorV3Interface
    string public override description;

    /// @inheritdoc IPriceFeed
    uint80 public override latestRound;

    mapping(uint80 roundId => Round round) private _rounds;

    /// @param decimals_ The number of decimals of every answer (8 for fiat pairs, as on Chainlink).
    /// @param description_ What the feed prices, e.g. "ETH / USD".
    /// @param initialAnswer The answer of round 1.
    /// @param admin The account given DEFAULT_ADMIN_ROLE and ORACLE_ROLE.
    constructor(uint8 decimals_, string memory description_, int256 initialAnswer, address admin) {
        if (admin == address(0)) revert Errors.PriceFeed_AdminZeroAddress();
        decimals = decimals_;
        description = description_;
        _grantRole(DEFAULT_ADMIN_ROLE, admin);
        _grantRole(ORACLE_ROLE, admin);
        _recordAnswer(initialAnswer);
    }

    /// @inheritdoc AggregatorV3Interface
    function getRoundData(uint80 _roundId)
        external
        view
        override
        returns (uint80 roundId, int256 answer, uint256 startedAt, uint256 updatedAt, uint80 answeredInRound)
    {
        if (_roundId == 0 || _roundId > latestRound) revert Errors.PriceFeed_RoundNotFound(_roundId);
        return _roundData(_roundId);
    }

    /// @inheritdoc AggregatorV3Interface
    function latestRoundData()
        external
        view
        override
        returns (uint80 roundId, int256 answer, uint256 startedAt, uint256 updatedAt, uint80 answeredInRound)
    {
        // The constructor records round 1, so there always is a latest round.
        return _roundData(latestRound);
    }

    /// @inheritdoc IPriceFeed
    function updateAnswer(int256 answer) external override onlyRole(ORACLE_ROLE) returns (uint80 roundId) {
        return _recordAnswer(answer);
    }

    function _recordAnswer(int256 answer) private returns (uint80 roundId) {
        // Checks: a price is positive, and must fit the packed round.
        if (answer <= 0 || answer > type(int192).max) revert Errors.PriceFeed_AnswerOutOfRange(answer);

        // Effects: each answer is its own round, started and answered in the same block.
        roundId = latestRound + 1;
        latestRound = roundId;
        _rounds[roundId] = Round({ answer: int192(answer), updatedAt: uint64(block.timestamp) });
        emit NewRound(roundId, msg.sender, block.timestamp);
        emit AnswerUpdated(answer, roundId, block.timestamp);
    }

    function _roundData(uint80 roundId_)
        private
        view
        returns (uint80 roundId, int256 answer, uint256 startedAt, uint256 updatedAt, uint80 answeredInRound)
    {
        Round memory round = _rounds[roundId_];
        return (roundId_, round.answer, round.updatedAt, round.updatedAt, roundId_);
    }
}
