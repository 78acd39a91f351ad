// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.28;

import { AggregatorV3Interface } from "./AggregatorV3Interface.sol";

/// @title IPriceFeed
/// @notice A Chainlink-compatible price feed whose answers are pushed by an oracle account. Each update opens and
/// closes one round; every round stays readable.
interface IPriceFeed is AggregatorV3Interface {
    /// @notice Emitted for every new answer, as Chainlink's AggregatorInterface does.
    /// @param current The new answer.
    /// @param roundId The round it belongs to.
    /// @param updatedAt When it was recorded.
    event AnswerUpdated(int256 indexed current, uint256 indexed roundId, uint256 updatedAt);

    /// @notice Emitted when a round starts, as Chainlink's AggregatorInterface does.
    /// @param roundId The new round.
    /// @param startedBy The oracle account that started it.
    /// @param startedAt When it started.
    event NewRound(uint256 indexed roundId, address indexed startedBy, uint256 startedAt);

    /// @notice The role allowed to push answers.
    function ORACLE_ROLE() external view returns (bytes32);

    /// @notice The id of the latest round (rounds are numbered from 1).
    function latestRound() external view returns (uint80);

    /// @notice Records `answer` as a new round, timestamped with the current block.
    /// @dev Emits {NewRound} and {AnswerUpdated}.
    ///
    /// Requirements:
    /// - The caller must have ORACLE_ROLE.
    /// - `answer` must be positive and fit in an int192.
    ///
    /// @param answer The price, scaled by 10^decimals.
    /// @return roundId The id of the new round.
    function updateAnswer(int256 answer) external returns (uint80 roundId);
}
